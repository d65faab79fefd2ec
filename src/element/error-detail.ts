import type { UaidClientError } from '../client/errors.js';
import type { UaidErrorDetail } from './events.js';

/** The `uaid-error` detail of an error: its public fields, `platformCode` only when there is one. */
export function errorDetail(error: UaidClientError): UaidErrorDetail {
	return {
		code: error.code,
		stage: error.stage,
		...(error.platformCode !== undefined ? { platformCode: error.platformCode } : {}),
		message: error.message,
		retryable: error.retryable,
	};
}
