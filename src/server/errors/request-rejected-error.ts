import { isUaidErrorNamed } from '../../protocol/errors.js';
import { UaidServerError } from './uaid-server-error.js';

/** The browser's request was refused before the platform was called (bad input, origin, rate limit, trace state, method, path). */
export class RequestRejectedError extends UaidServerError {
	override name = 'RequestRejectedError' as const;
}

export function isRequestRejectedError(error: unknown): error is RequestRejectedError {
	return isUaidErrorNamed<RequestRejectedError>(error, 'RequestRejectedError');
}
