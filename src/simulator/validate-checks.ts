import { TOKEN_PATTERN, VALIDATE_REQUIRED_BODY_FIELDS, VALIDATE_REQUIRED_HEADER_FIELDS } from '../protocol/fields.js';
import { verifyRsa } from '../protocol/node/rsa.js';
import { resultVariant } from '../protocol/result-codes.js';
import { validateSignContent } from '../protocol/validate-request.js';
import type { ResolvedApp } from './config.js';
import type { CheckOutcome } from './get-mobile-checks.js';
import type { EchoFields, PlatformAnswer } from './platform-answer.js';
import { optionalStringField, parseJsonObject, readRequiredFields, stringProp } from './read-fields.js';
import type { IssuedToken } from './token-store.js';
import type { RequestContext, SimulatorState } from './state.js';
import { deriveUaid } from './uaid.js';
import { isRecord } from '../protocol/is-record.js';

const answer = (variant: string): PlatformAnswer => ({ entry: resultVariant('imeiTokenValidate', variant) });

/** The header fields a validate answer echoes, read as leniently as possible. */
export function validateEcho(text: string | undefined): EchoFields {
	const header = text === undefined ? undefined : parseJsonObject(text)?.header;
	return { appId: stringProp(header, 'appId'), msgId: stringProp(header, 'msgId'), version: stringProp(header, 'version') };
}

/**
 * The 120010 check. Each configured list whose counterpart was recorded with the token must
 * match (origins exactly, referers as a prefix); when the app has lists but none of their
 * counterparts was recorded, the answer is "absent".
 */
function checkOriginReferer(app: ResolvedApp, token: IssuedToken): 'ok' | 'origin-absent' | 'origin-mismatch' {
	const originChecked = app.origins !== undefined && app.origins.length > 0;
	const refererChecked = app.referers !== undefined && app.referers.length > 0;
	if (!originChecked && !refererChecked) return 'ok';
	let compared = false;
	if (originChecked && token.origin !== undefined) {
		compared = true;
		if (!app.origins!.includes(token.origin)) return 'origin-mismatch';
	}
	if (refererChecked && token.referer !== undefined) {
		compared = true;
		const referer = token.referer;
		if (!app.referers!.some((prefix) => referer.startsWith(prefix))) return 'origin-mismatch';
	}
	return compared ? 'ok' : 'origin-absent';
}

/**
 * imeiTokenValidate's checks, in the order the issue fixes: parse (130032), required header and
 * body fields (130010), appId (110022), rights (110023), caller IP whitelist (110004), RSA
 * signature (130018), token known / unexpired / unused (120009, consuming it), recorded
 * Origin/Referer (120010); then the UAID.
 */
export function checkValidate(text: string, state: SimulatorState, context: RequestContext): CheckOutcome {
	const now = state.now();
	const record = parseJsonObject(text);
	if (!record) return { answer: answer('parse-error'), echo: {} };
	const echo = validateEcho(text);
	const { header, body } = record;
	if (header === undefined || header === null || body === undefined || body === null) return { answer: answer('missing-param'), echo };
	if (!isRecord(header) || !isRecord(body)) return { answer: answer('parse-error'), echo };
	const headerFields = readRequiredFields(header, VALIDATE_REQUIRED_HEADER_FIELDS);
	if (headerFields.kind === 'missing') return { answer: answer('missing-param'), echo };
	if (headerFields.kind === 'wrong-type') return { answer: answer('parse-error'), echo };
	const bodyFields = readRequiredFields(body, VALIDATE_REQUIRED_BODY_FIELDS);
	if (bodyFields.kind === 'missing') return { answer: answer('missing-param'), echo };
	if (bodyFields.kind === 'wrong-type' || !optionalStringField(body, 'expandParams').ok) return { answer: answer('parse-error'), echo };
	const { appId } = headerFields.values;
	const { token, sign } = bodyFields.values;

	const app = state.apps.get(appId);
	if (!app) return { answer: answer('unknown-app'), echo, appId, token };
	if (!app.rights) return { answer: answer('no-rights'), echo, appId, token };
	if (app.serverIps !== undefined && app.serverIps.length > 0 && !app.serverIps.includes(context.clientIp))
		return { answer: answer('ip-not-whitelisted'), echo, appId, token };
	// No registered key: nothing can verify, as at the real platform before a key is filed.
	if (!app.publicKey || !verifyRsa(validateSignContent({ ...headerFields.values, token }), sign, app.publicKey, app.signatureAlgorithm)) {
		return { answer: answer('sign-invalid'), echo, appId, token };
	}

	if (!TOKEN_PATTERN.test(token)) return { answer: answer('token-invalid'), echo, appId, token };
	const lookup = state.tokens.consume(token, appId, now);
	if (lookup.status === 'unknown') return { answer: answer('token-invalid'), echo, appId, token };
	if (lookup.status !== 'valid') return { answer: answer('token-reused-or-expired'), echo, appId, token };

	const origin = checkOriginReferer(app, lookup.token);
	if (origin !== 'ok') return { answer: answer(origin), echo, appId, token };
	return {
		answer: { entry: resultVariant('imeiTokenValidate', 'success'), uaid: deriveUaid(state.uaidSecret, appId, lookup.token.msisdn) },
		echo,
		appId,
		token,
	};
}
