import type { ExpandParams } from '../protocol/expand-params.js';
import { GET_MOBILE_REQUIRED_FIELDS, type GetMobileRequest } from '../protocol/fields.js';
import type { ConsentJson, SignRequestJson } from '../protocol/backend-wire.js';
import { isRecord } from '../protocol/is-record.js';
import { UaidClientError } from './errors.js';
import { backendFailure, parseJsonText, post, type FetchContext } from './http.js';

/** Reads the backend's signed getMobile body, refusing anything the platform would reject as malformed anyway. */
export function readSignedRequest(json: unknown, status: number): GetMobileRequest {
	const invalid = (what: string) =>
		new UaidClientError('invalid-response', `sign: no ${what}`, { stage: 'sign', retryable: false, status });
	if (!isRecord(json)) throw invalid('JSON object');
	for (const field of GET_MOBILE_REQUIRED_FIELDS) {
		if (typeof json[field] !== 'string' || json[field] === '') throw invalid(field);
	}
	if (json.expandParams !== undefined && typeof json.expandParams !== 'string') throw invalid('string expandParams');
	const request = json as unknown as GetMobileRequest;
	// Posted as the backend built it: the sign covers these exact values.
	return { ...request, expandParams: request.expandParams ?? '' };
}

/** Asks the integrator's backend to build and sign a getMobile request (the appkey stays there). */
export async function fetchSignedRequest(
	url: string,
	options: { expandParams?: ExpandParams; credentials: RequestCredentials },
	consent: ConsentJson | undefined,
	context: FetchContext,
): Promise<GetMobileRequest> {
	// JSON leaves an undefined consent out: without one, the body is what it always was.
	const payload: SignRequestJson = { ...(options.expandParams && { expandParams: { ...options.expandParams } }), consent };
	const answer = await post('sign', url, { json: payload, credentials: options.credentials }, context);
	if (!answer.ok) throw backendFailure('sign', answer.status, answer.text);
	return readSignedRequest(parseJsonText('sign', answer.text, answer.status), answer.status);
}
