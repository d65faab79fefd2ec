import { isUaidErrorNamed } from '../../protocol/errors.js';
import { UaidServerError } from './uaid-server-error.js';

/**
 * No usable answer came from the platform: `timeout`, `platform-unreachable`, a garbled answer
 * (`platform-error`), or `validate-outcome-unknown` (a lost answer, then 120009 on the retry).
 */
export class PlatformTransportError extends UaidServerError {
	override name = 'PlatformTransportError' as const;
}

export function isPlatformTransportError(error: unknown): error is PlatformTransportError {
	return isUaidErrorNamed<PlatformTransportError>(error, 'PlatformTransportError');
}
