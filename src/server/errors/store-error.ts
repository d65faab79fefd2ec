import { UaidServerError } from './uaid-server-error.js';

/**
 * The replay/rate-limit store failed (`store-unavailable`) or refused a new traceId because it is
 * full of valid ones (`store-full`). A custom store may throw it with either code.
 */
export class StoreError extends UaidServerError {
	override name = 'StoreError' as const;
}
