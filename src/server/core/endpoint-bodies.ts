import {
	CARRIERS,
	encodeExpandParams,
	GET_MOBILE_FAILURES,
	isWellFormedConsentVersion,
	isWellFormedTraceId,
	MAX_CONSENT_VERSION_LENGTH,
	type Carrier,
	type ConsentJson,
	type ExpandParams,
	type ReportRequestJson,
} from '../../protocol/index.js';
import { isRecord } from '../../protocol/is-record.js';
import { RequestRejectedError } from '../errors/index.js';

/** Longest token accepted from the browser; real tokens are about 40 characters. */
const MAX_TOKEN_LENGTH = 512;
/** Longest expandParams value accepted from the browser. */
const MAX_EXPAND_VALUE_LENGTH = 256;
const TOKEN_CHARACTERS = /^[\x21-\x7e]+$/;

/**
 * The sign body: empty, or `{ expandParams }` with allow-listed keys only.
 * @throws {RequestRejectedError} `bad-request`
 */
export function readSignBody(body: unknown, allowedExpandParams: ReadonlySet<string>): ExpandParams {
	if (body === undefined) return {};
	if (!isRecord(body)) throw new RequestRejectedError('bad-request', 'The sign body must be a JSON object (or empty).');
	if (body.expandParams === undefined) return {};
	if (!isRecord(body.expandParams)) throw new RequestRejectedError('bad-request', 'expandParams must be an object of strings.');
	const params: Record<string, string> = {};
	for (const [key, value] of Object.entries(body.expandParams)) {
		if (!allowedExpandParams.has(key))
			throw new RequestRejectedError('bad-request', `expandParams key "${key.slice(0, 40)}" is not allowed.`);
		if (typeof value !== 'string' || value.length > MAX_EXPAND_VALUE_LENGTH)
			throw new RequestRejectedError(
				'bad-request',
				`expandParams.${key} must be a string of at most ${MAX_EXPAND_VALUE_LENGTH} characters.`,
			);
		params[key] = value;
	}
	// Encoding here surfaces an unencodable value (a lone surrogate) as bad input rather than a failure later.
	try {
		encodeExpandParams(params);
	} catch (cause) {
		throw new RequestRejectedError('bad-request', 'expandParams values must be well-formed text.', { cause });
	}
	return params;
}

/**
 * The validate body: `{ token, traceId }`, each of its shape.
 * @throws {RequestRejectedError} `bad-request`
 */
export function readValidateBody(body: unknown): { token: string; traceId: string } {
	if (!isRecord(body)) throw new RequestRejectedError('bad-request', 'The validate body must be a JSON object {"token", "traceId"}.');
	const { token, traceId } = body;
	if (typeof token !== 'string' || token === '') throw new RequestRejectedError('bad-request', 'token is required (a non-empty string).');
	if (token.length > MAX_TOKEN_LENGTH || !TOKEN_CHARACTERS.test(token))
		throw new RequestRejectedError('bad-request', 'token is not a well-formed platform token.');
	if (typeof traceId !== 'string' || traceId === '')
		throw new RequestRejectedError('bad-request', 'traceId is required (a non-empty string).');
	if (!isWellFormedTraceId(traceId)) throw new RequestRejectedError('bad-request', 'traceId is not a well-formed traceId.');
	return { token, traceId };
}

/**
 * The `consent` of a sign or validate body: absent (the page asked for none), or `{ version? }`.
 * @throws {RequestRejectedError} `bad-request`
 */
export function readConsent(body: unknown): ConsentJson | undefined {
	const consent = isRecord(body) ? body.consent : undefined;
	if (consent === undefined) return undefined;
	if (!isRecord(consent)) throw new RequestRejectedError('bad-request', 'consent must be an object { version? }.');
	const { version } = consent;
	if (version === undefined) return {};
	if (!isWellFormedConsentVersion(version))
		throw new RequestRejectedError('bad-request', `consent.version must be 1 to ${MAX_CONSENT_VERSION_LENGTH} printable characters.`);
	return { version };
}

/** Longer than any getMobile call a browser waits for (its timeout is seconds): a larger value is not a measurement. */
const MAX_REPORTED_DURATION_MS = 600_000;

/**
 * The report body: `{ traceId, code, carrier?, durationMs }`, each of its shape. A `code` is six
 * digits or one of the client's {@link GET_MOBILE_FAILURES}: anything else would be a free-form
 * string reaching the log and the metric.
 * @throws {RequestRejectedError} `bad-request`
 */
export function readReportBody(body: unknown): ReportRequestJson {
	if (!isRecord(body))
		throw new RequestRejectedError('bad-request', 'The report body must be a JSON object {"traceId", "code", "carrier"?, "durationMs"}.');
	const { traceId, code, carrier, durationMs } = body;
	if (typeof traceId !== 'string' || !isWellFormedTraceId(traceId))
		throw new RequestRejectedError('bad-request', 'traceId is required (the well-formed traceId of a sign).');
	if (typeof code !== 'string' || !(/^\d{6}$/.test(code) || (GET_MOBILE_FAILURES as readonly string[]).includes(code)))
		throw new RequestRejectedError(
			'bad-request',
			`code must be getMobile's six-digit resultCode or one of ${GET_MOBILE_FAILURES.join(', ')}.`,
		);
	if (carrier !== undefined && !(CARRIERS as readonly unknown[]).includes(carrier))
		throw new RequestRejectedError('bad-request', `carrier must be one of ${CARRIERS.join(', ')}.`);
	if (typeof durationMs !== 'number' || !Number.isInteger(durationMs) || durationMs < 0 || durationMs > MAX_REPORTED_DURATION_MS)
		throw new RequestRejectedError(
			'bad-request',
			`durationMs must be a whole number of milliseconds from 0 to ${MAX_REPORTED_DURATION_MS}.`,
		);
	return { traceId, code, ...(carrier === undefined ? {} : { carrier: carrier as Carrier }), durationMs };
}
