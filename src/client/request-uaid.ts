import type { ValidateRequestJson } from '../protocol/backend-wire.js';
import { isRecord } from '../protocol/is-record.js';
import { UaidClientError } from './errors.js';
import { backendFailure, parseJsonText, post, type FetchContext } from './http.js';

/** A finished flow: the integrator's backend exchanged the token for the UAID. */
export interface UaidSuccess {
	/** The UAID, unless the backend keeps it on the server (`exposeUaid: false`). */
	uaid?: string;
	traceId: string;
	/** The fields the backend's `onUaid` hook added to the validate answer; `{}` when none. */
	data: Record<string, unknown>;
}

/**
 * Hands the token to the integrator's backend, which exchanges it for the UAID with imeiTokenValidate.
 * The answer carries the traceId, the UAID unless the backend keeps it (`exposeUaid: false`), and the
 * fields its `onUaid` hook added, which become `data`.
 */
export async function requestUaid(
	url: string,
	request: ValidateRequestJson,
	options: { credentials: RequestCredentials },
	context: FetchContext,
): Promise<UaidSuccess> {
	const answer = await post('validate', url, { json: request, credentials: options.credentials }, context);
	if (!answer.ok) throw backendFailure('validate', answer.status, answer.text);
	const json = parseJsonText('validate', answer.text, answer.status);
	if (!isRecord(json) || typeof json.traceId !== 'string' || (json.uaid !== undefined && typeof json.uaid !== 'string')) {
		throw new UaidClientError('invalid-response', 'validate: no traceId', { stage: 'validate', retryable: false, status: answer.status });
	}
	const { uaid, traceId, ...data } = json;
	return (uaid ? { uaid, traceId, data } : { traceId, data }) as UaidSuccess;
}
