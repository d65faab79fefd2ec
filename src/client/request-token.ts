import type { Carrier, ReportRequestJson } from '../protocol/backend-wire.js';
import type { ProtocolError } from '../protocol/errors.js';
import type { GetMobileRequest } from '../protocol/fields.js';
import { parseGetMobileResponse } from '../protocol/response.js';
import { UaidClientError } from './errors.js';
import { httpError, post, type FetchContext } from './http.js';
import { monotonicNow } from './monotonic-now.js';

/** What one getMobile call came to, as the report endpoint takes it (an aborted call comes to nothing). */
export type GetMobileOutcome = Omit<ReportRequestJson, 'traceId'>;

/**
 * Posts the signed body to China Mobile's getMobile and returns the token.
 *
 * Sent as the vendor's own H5 script sends it: the JSON string with no JSON content type, so the
 * browser labels it `text/plain` and makes no CORS preflight (one round trip saved, and nothing
 * depends on the platform answering OPTIONS). No cookies: the gateway identifies the device by its
 * cellular connection, and `omit` matches the anonymous connection the `preconnect` opened.
 */
export async function requestToken(tokenUrl: string, signed: GetMobileRequest, context: FetchContext, onOutcome?: (outcome: GetMobileOutcome) => void): Promise<string> {
	const started = monotonicNow();
	const outcome = (code: string, carrier?: Carrier): void => onOutcome?.({ code, ...(carrier ? { carrier } : {}), durationMs: Math.round(monotonicNow() - started) });
	let answer;
	try {
		answer = await post('token', tokenUrl, { body: JSON.stringify(signed), credentials: 'omit' }, context);
	} catch (error) {
		// network or timeout; an aborted run reports nothing (the user went away, nothing failed).
		if (error instanceof UaidClientError && (error.code === 'network' || error.code === 'timeout')) outcome(error.code);
		throw error;
	}
	if (!answer.ok) {
		outcome('http-error');
		throw httpError('token', answer.status);
	}
	let result;
	try {
		result = parseGetMobileResponse(answer.text);
	} catch (error) {
		outcome('invalid-response');
		// A ProtocolError, the only thing the parser throws; its message names getMobile.
		throw new UaidClientError('invalid-response', (error as ProtocolError).message, { stage: 'token', retryable: true, status: answer.status, cause: error });
	}
	outcome(result.resultCode, result.carrier);
	if (result.category === 'ok') return result.token as string;
	throw new UaidClientError(result.category, result.resultDesc || result.resultCode, { stage: 'token', retryable: result.retryable, platformCode: result.resultCode, status: answer.status });
}
