import type { ProtocolError } from '../protocol/errors.js';
import type { GetMobileRequest } from '../protocol/fields.js';
import { parseGetMobileResponse } from '../protocol/response.js';
import { UaidClientError } from './errors.js';
import { httpError, post, type FetchContext } from './http.js';

/**
 * Posts the signed body to China Mobile's getMobile and returns the token.
 *
 * Sent as the vendor's own H5 script sends it: the JSON string with no JSON content type, so the
 * browser labels it `text/plain` and makes no CORS preflight (one round trip saved, and nothing
 * depends on the platform answering OPTIONS). No cookies: the gateway identifies the device by its
 * cellular connection, and `omit` matches the anonymous connection the `preconnect` opened.
 */
export async function requestToken(tokenUrl: string, signed: GetMobileRequest, context: FetchContext): Promise<string> {
	const answer = await post('token', tokenUrl, { body: JSON.stringify(signed), credentials: 'omit' }, context);
	if (!answer.ok) throw httpError('token', answer.status);
	let result: ReturnType<typeof parseGetMobileResponse>;
	try {
		result = parseGetMobileResponse(answer.text);
	} catch (error) {
		// A ProtocolError, the only thing the parser throws; its message names getMobile.
		throw new UaidClientError('invalid-response', (error as ProtocolError).message, { stage: 'token', retryable: true, status: answer.status, cause: error });
	}
	if (result.category === 'ok') return result.token as string;
	throw new UaidClientError(result.category, result.resultDesc || result.resultCode, { stage: 'token', retryable: result.retryable, platformCode: result.resultCode, status: answer.status });
}
