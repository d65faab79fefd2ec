import type { ValidateRequestJson, ValidateResponseJson } from '../protocol/backend-wire.js';
import { UaidClientError } from './errors.js';
import { backendFailure, parseJsonText, post, type FetchContext } from './http.js';

/** Hands the token to the integrator's backend, which exchanges it for the UAID with imeiTokenValidate. */
export async function requestUaid(url: string, request: ValidateRequestJson, options: { credentials: RequestCredentials }, context: FetchContext): Promise<ValidateResponseJson> {
	const answer = await post('validate', url, { json: request, credentials: options.credentials }, context);
	if (!answer.ok) throw backendFailure('validate', answer.status, answer.text);
	const json = parseJsonText('validate', answer.text, answer.status) as Partial<Record<keyof ValidateResponseJson, unknown>> | null;
	if (typeof json !== 'object' || json === null || typeof json.uaid !== 'string' || json.uaid === '') {
		throw new UaidClientError('invalid-response', 'The validate endpoint answered without a UAID.', { stage: 'validate', retryable: false, status: answer.status });
	}
	return { uaid: json.uaid, traceId: typeof json.traceId === 'string' ? json.traceId : request.traceId };
}
