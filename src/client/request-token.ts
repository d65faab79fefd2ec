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
export async function requestToken(
	tokenUrl: string,
	signed: GetMobileRequest,
	context: FetchContext,
	onOutcome?: (outcome: GetMobileOutcome) => void,
): Promise<string> {
	const started = monotonicNow();
	// What the browser met when no resultCode came back; an aborted call reports nothing (the user went away, nothing failed).
	let code: string | undefined = 'http-error';
	let carrier: Carrier | undefined;
	try {
		const answer = await post('token', tokenUrl, { body: JSON.stringify(signed), credentials: 'omit' }, context).catch(
			(error: UaidClientError) => {
				code = error.code === 'aborted' ? undefined : error.code;
				throw error;
			},
		);
		if (!answer.ok) throw httpError('token', answer.status);
		let result: ReturnType<typeof parseGetMobileResponse>;
		try {
			result = parseGetMobileResponse(answer.text);
		} catch (error) {
			code = 'invalid-response';
			// A ProtocolError, the only thing the parser throws; its message names getMobile.
			throw new UaidClientError('invalid-response', (error as ProtocolError).message, {
				stage: 'token',
				retryable: true,
				status: answer.status,
				cause: error,
			});
		}
		code = result.resultCode;
		carrier = result.carrier;
		if (result.category === 'ok') return result.token as string;
		throw new UaidClientError(result.category, result.resultDesc || result.resultCode, {
			stage: 'token',
			retryable: result.retryable,
			platformCode: result.resultCode,
			status: answer.status,
			carrier: result.carrier,
		});
	} finally {
		// An absent carrier is left out of the JSON.
		if (code) onOutcome?.({ code, carrier, durationMs: Math.round(monotonicNow() - started) });
	}
}
