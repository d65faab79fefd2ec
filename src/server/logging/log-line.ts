/**
 * A log event's level and its one line of English: what happened, and what to fix where the one
 * error table or the result-code catalogue says. No token, key or UAID reaches a line; the traceId
 * is masked as the token is.
 */
import { resultCodeEntries, type BackendErrorCode } from '../../protocol/index.js';
import { maskToken } from '../../protocol/mask-token.js';
import { BACKEND_ERROR_TABLE } from '../errors/error-codes.js';
import type { UaidLogEvent, UaidLogFields } from '../core/options.js';

// A misconfiguration shows as one of these long before anything else: they are worth a look even when nothing failed on the server.
const WARN_CODES: ReadonlySet<BackendErrorCode> = new Set(['origin-not-allowed', 'unknown-trace']);

export function logLevel(fields: UaidLogFields): UaidLogEvent['level'] {
	if (fields.stage === 'platform') return fields.outcome === 'lost' || fields.outcome === 'not-sent' || fields.unknownPlatformCode ? 'warn' : 'info';
	if ((fields.status ?? 0) >= 500) return 'error';
	// The coverage classifier failed (the answer was `unknown`): the integrator's own code, worth a look.
	if (fields.stage === 'coverage' && fields.detail) return 'warn';
	return fields.code !== undefined && WARN_CODES.has(fields.code) ? 'warn' : 'info';
}

const CALL_OUTCOMES: Record<NonNullable<UaidLogFields['outcome']>, string> = {
	answered: '',
	garbled: 'the answer is not the platform’s JSON',
	timeout: 'no answer within timeoutMs',
	'not-sent': 'the connection failed before the request was sent; retried while retries last',
	lost: 'the connection failed after the request was sent, so the platform may have used the token; retried while retries last',
};

/**
 * What to do about an error answer: the platform's own code first (the catalogue's row whose text
 * is the platform's resultDesc, where a code has several), then the kit's error table.
 */
function explain(code: BackendErrorCode, platformCode: string | undefined, platformDesc: string | undefined, platformHost: string): string {
	if (platformCode === '110004') {
		return (
			`the platform at ${platformHost} refused this server's IP (110004): add this server's egress IP, ` +
			`the public address it reaches ${platformHost} from, to the app's server IP whitelist (平台访问 IP) at the open platform.`
		);
	}
	const entries = platformCode === undefined ? [] : resultCodeEntries('imeiTokenValidate', platformCode);
	const matching = entries.filter((entry) => entry.zh === platformDesc);
	const meaning = (matching.length ? matching : entries).map((entry) => entry.en).join(' Or: ');
	if (!meaning) return BACKEND_ERROR_TABLE[code].integratorFix;
	// 120010 is the page's address at getMobile, which only the browser knows; doctor checks the server's side.
	if (platformCode === '120010') return `${meaning} The browser's uaid-error names the Origin and Referer the page sent.`;
	return code === 'app-config' ? `${meaning} \`npx cmcc-uaid doctor\` names the fault.` : meaning;
}

/** The event as the default logger prints it, after `cmcc-uaid: `. */
export function logLine(fields: UaidLogFields, platformHost: string): string {
	const context = [fields.traceId ? `traceId ${maskToken(fields.traceId)}` : '', fields.origin ? `origin ${fields.origin}` : '', `${fields.durationMs} ms`].filter(Boolean).join(', ');
	let line: string;
	if (fields.stage === 'platform') {
		const outcome = fields.outcome ?? 'answered';
		const what = outcome === 'answered' ? `answered ${fields.platformCode ?? ''}`.trim() : outcome;
		const why = fields.unknownPlatformCode ? `${fields.platformCode ?? ''} is in no table of the catalogue; the platform said "${fields.detail ?? ''}"` : CALL_OUTCOMES[outcome];
		line = `imeiTokenValidate call ${fields.attempt ?? 1} ${what}, ${context}${why ? `: ${why}` : ''}`;
	} else {
		const platform = fields.platformCode ? ` (platform ${fields.platformCode})` : '';
		const answer = `${fields.status ?? ''}${fields.code ? ` ${fields.code}` : ''}${platform}`;
		const why = fields.code ? explain(fields.code, fields.platformCode, fields.detail, platformHost) : '';
		const detail = fields.detail ? ` (${fields.detail.slice(0, 300)})` : '';
		line = `${fields.stage} answered ${answer}, ${context}${why ? `: ${why}` : ''}${detail}`;
	}
	// One line, whatever a platform's text or an error's message held.
	// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what this strips.
	return line.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ');
}
