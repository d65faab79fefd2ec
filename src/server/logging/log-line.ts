/**
 * A log event's level and its one line of English: what happened, and what to fix where the one
 * error table or the result-code catalogue says. No token, key or UAID reaches a line; the traceId
 * is masked as the token is.
 */
import {
	resultCodeEntries,
	resultFix,
	VALIDATE_PATH,
	type BackendErrorCode,
	type GetMobileFailure,
	type ResultCategory,
} from '../../protocol/index.js';
import { maskToken } from '../../protocol/mask-token.js';
import { oneLine } from '../../protocol/one-line.js';
import { BACKEND_ERROR_TABLE } from '../errors/error-codes.js';
import type { UaidLogEvent, UaidLogFields } from '../core/options.js';
import type { ReportedGetMobile } from '../core/reported-get-mobile.js';

// A misconfiguration shows as one of these long before anything else: they are worth a look even when nothing failed on the server.
const WARN_CODES: ReadonlySet<BackendErrorCode> = new Set(['origin-not-allowed', 'unknown-trace']);

export function logLevel(fields: UaidLogFields): UaidLogEvent['level'] {
	if (fields.stage === 'platform')
		return fields.outcome === 'lost' || fields.outcome === 'not-sent' || fields.unknownPlatformCode ? 'warn' : 'info';
	if ((fields.status ?? 0) >= 500) return 'error';
	// The coverage classifier failed (the answer was `unknown`): the integrator's own code, worth a look.
	if (fields.stage === 'coverage' && fields.detail) return 'warn';
	// A page reported a getMobile failure: the app's configuration is an error, the rest worth a look; repeats within the minute are quiet.
	if (fields.stage === 'report' && fields.getMobile && fields.code === undefined) {
		const { category, quiet } = fields.getMobile;
		if (category === 'ok' || quiet) return 'info';
		return category === 'app-config' ? 'error' : 'warn';
	}
	return fields.code !== undefined && WARN_CODES.has(fields.code) ? 'warn' : 'info';
}

/** Where the kit calls imeiTokenValidate, as the lines name it. */
export interface PlatformAddress {
	/** `host[:port]` as the URL has it. */
	readonly host: string;
	/** `host:port`, the port the scheme's default when the URL has none: what a firewall rule names. */
	readonly hostPort: string;
	/** The URL without user info, query and fragment. */
	readonly url: string;
}

export function platformAddress(validateUrl: string): PlatformAddress {
	const url = URL.parse(validateUrl);
	if (!url) return { host: validateUrl, hostPort: validateUrl, url: validateUrl };
	return {
		host: url.host,
		hostPort: `${url.hostname}:${url.port || (url.protocol === 'https:' ? '443' : '80')}`,
		url: url.origin + url.pathname,
	};
}

const CALL_OUTCOMES: Record<NonNullable<UaidLogFields['outcome']>, string> = {
	answered: '',
	garbled: 'the answer is not the platform’s JSON',
	timeout: 'no answer within timeoutMs',
	'not-sent': 'the connection failed before the request was sent; retried while retries last',
	lost: 'the connection failed after the request was sent, so the platform may have used the token; retried while retries last',
};

/** What a page met at getMobile when no resultCode came back. */
const BROWSER_FAILURES: Record<GetMobileFailure, string> = {
	network: 'the page’s request to getMobile got no answer (offline, DNS, a blocked host or a CORS refusal)',
	timeout: 'getMobile did not answer the page within its timeoutMs',
	'http-error': 'getMobile answered the page with an HTTP error page (a proxy or gateway in between)',
	'invalid-response': 'getMobile answered the page with something that is not its JSON (a proxy page, or a wrong token-url)',
};

/** What a category of getMobile answer asks of the integrator, where the catalogue has no fix for the code itself. */
const GET_MOBILE_CATEGORY_HINTS: Partial<Record<ResultCategory, string>> = {
	'not-cellular': 'nothing to fix on the server: the user is not on China Mobile cellular data; the page’s fallback is their way on',
	'rate-limited': 'the platform’s limit per appId and client IP',
	'platform-error': 'a fault at the platform; it usually passes',
	'bad-request': 'the signed body was malformed: check the sign endpoint’s answer',
};

/** A getMobile outcome a page reported: the code, its meaning and fix from the catalogue. */
function reportedLine(fields: UaidLogFields, outcome: ReportedGetMobile): string {
	const where = [
		fields.traceId ? `traceId ${maskToken(fields.traceId)}` : '',
		fields.origin ? `origin ${fields.origin}` : '',
		`carrier ${outcome.carrier ?? 'not named'}`,
		`${outcome.durationMs} ms in the browser`,
	]
		.filter(Boolean)
		.join(', ');
	if (outcome.category === 'ok') return `report answered ${fields.status ?? ''}: getMobile answered ${outcome.code} in a page, ${where}`;
	const failure = (Object.keys(BROWSER_FAILURES) as GetMobileFailure[]).find((code) => code === outcome.code);
	let why: string;
	if (failure) {
		why = BROWSER_FAILURES[failure];
	} else if (!outcome.known) {
		why = `${outcome.code} is in no table of the catalogue`;
	} else {
		const meaning = resultCodeEntries('getMobile', outcome.code)
			.map((entry) => entry.en)
			.join(' Or: ');
		const fix = resultFix('getMobile', outcome.code)?.en ?? GET_MOBILE_CATEGORY_HINTS[outcome.category as ResultCategory];
		why = `${meaning}${fix ? ` Fix: ${fix}.` : ''}`;
	}
	const repeats = outcome.repeats
		? ` ${outcome.repeats} more report${outcome.repeats === 1 ? '' : 's'} of ${outcome.code} came in the minute before this line.`
		: '';
	return `getMobile answered ${outcome.code} (${outcome.category}) in a page, as it reported (${where}): ${why}${repeats}`;
}

/**
 * What to do about an error answer, and whether it says `detail` itself: the platform's own code
 * first (the catalogue's row whose text is the platform's resultDesc, where a code has several),
 * then what the kit knows of the cause, then the kit's error table.
 */
function explain(fields: UaidLogFields, platform: PlatformAddress): { why: string; saysDetail: boolean } {
	const { platformCode, detail, httpStatus, errorCode } = fields;
	const code = fields.code!;
	// The platform's answer was fine; what failed is the integrator's step after it, so the platform's text would mislead.
	if (code === 'integrator-failed')
		return {
			why:
				`your onUaid hook failed${detail ? ` (${detail.slice(0, 300)})` : ''}: the UAID was obtained, but the token is spent, so only a ` +
				`new run can succeed.`,
			saysDetail: true,
		};
	// Its message names the Origin it saw, the own origin it compared with, and the option to change.
	if (code === 'origin-not-allowed' && detail) return { why: detail.slice(0, 600), saysDetail: true };
	if (code === 'platform-unreachable') {
		return {
			why:
				`the platform at ${platform.hostPort} could not be reached${errorCode ? ` (${errorCode})` : ''}: check DNS, egress to ` +
				`${platform.hostPort} and \`validateUrl\` (${platform.url}).`,
			saysDetail: false,
		};
	}
	if (code === 'platform-error' && platformCode === undefined && httpStatus !== undefined) {
		return {
			why:
				`${platform.url} answered HTTP ${httpStatus} with something that is not the platform’s JSON: a wrong \`validateUrl\` (the ` +
				`platform’s path is ${VALIDATE_PATH}) or a proxy or gateway in between answered instead.`,
			saysDetail: false,
		};
	}
	const entries = platformCode === undefined ? [] : resultCodeEntries('imeiTokenValidate', platformCode);
	const matching = entries.filter((entry) => entry.zh === detail);
	const rows = matching.length ? matching : entries;
	const meaning = rows.map((entry) => entry.en).join(' Or: ');
	if (!meaning) return { why: BACKEND_ERROR_TABLE[code].integratorFix, saysDetail: false };
	// A row's own note replaces the meaning where it says everything ({host}, {code}), or follows it.
	const note = rows[0]?.log?.replaceAll('{host}', platform.host).replaceAll('{code}', platformCode ?? '');
	if (note) return { why: note.includes(platform.host) ? note : `${meaning} ${note}`, saysDetail: false };
	return { why: code === 'app-config' ? `${meaning} \`npx cmcc-uaid doctor\` names the fault.` : meaning, saysDetail: false };
}

/** The consent a sign or validate carried: its policy version, and the grant the kit recorded for a UAID obtained. */
function consentText({ consentVersion, grantId }: UaidLogFields): string {
	const version = consentVersion === undefined ? '' : `consent version ${consentVersion}`;
	return grantId ? `${version || 'consent'} grantId ${grantId}` : version;
}

/** The event as the default logger prints it, after `cmcc-uaid: `. */
export function logLine(fields: UaidLogFields, platform: PlatformAddress): string {
	const context = [
		fields.traceId ? `traceId ${maskToken(fields.traceId)}` : '',
		fields.origin ? `origin ${fields.origin}` : '',
		consentText(fields),
		`${fields.durationMs} ms`,
	]
		.filter(Boolean)
		.join(', ');
	let line: string;
	if (fields.stage === 'platform') {
		const outcome = fields.outcome ?? 'answered';
		const what = outcome === 'answered' ? `answered ${fields.platformCode ?? ''}`.trim() : outcome;
		const cause = fields.errorCode
			? ` (${fields.errorCode} at ${platform.hostPort})`
			: outcome === 'garbled' && fields.httpStatus !== undefined
				? ` (HTTP ${fields.httpStatus} from ${platform.url})`
				: '';
		const why = fields.unknownPlatformCode
			? `${fields.platformCode ?? ''} is in no table of the catalogue; the platform said "${fields.detail ?? ''}"`
			: CALL_OUTCOMES[outcome];
		line = `imeiTokenValidate call ${fields.attempt ?? 1} ${what}${cause}, ${context}${why ? `: ${why}` : ''}`;
	} else if (fields.stage === 'report' && fields.getMobile && fields.code === undefined) {
		line = reportedLine(fields, fields.getMobile);
	} else {
		const platformCode = fields.platformCode ? ` (platform ${fields.platformCode})` : '';
		const answer = `${fields.status ?? ''}${fields.code ? ` ${fields.code}` : ''}${platformCode}`;
		const { why, saysDetail } = fields.code ? explain(fields, platform) : { why: '', saysDetail: false };
		const detail = fields.detail && !saysDetail ? ` (${fields.detail.slice(0, 300)})` : '';
		line = `${fields.stage} answered ${answer}, ${context}${why ? `: ${why}` : ''}${detail}`;
	}
	// One line, whatever a platform's text or an error's message held.
	return oneLine(line);
}
