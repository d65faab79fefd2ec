/**
 * Where the kit keeps issued traceIds (replay protection) and rate-limit counters. In memory by
 * default (one process); {@link createRedisStore} shares them between instances behind a load balancer.
 */
export type ConsumeTraceResult = 'ok' | 'replayed' | 'unknown';

export interface UaidStore {
	/** Records a traceId that sign just issued; it can be consumed once within `ttlMs`. */
	issueTrace(traceId: string, ttlMs: number): Promise<void>;
	/**
	 * Consumes a traceId atomically: `ok` for the first consumer only, `replayed` for every later
	 * one until the original lifetime ends, `unknown` if it was never issued or has expired.
	 */
	consumeTrace(traceId: string): Promise<ConsumeTraceResult>;
	/**
	 * Whether sign issued this traceId and its lifetime has not ended, consumed or not; changes
	 * nothing. The report endpoint asks it: a store without it has every report refused as `unknown-trace`.
	 */
	isTraceIssued?(traceId: string): Promise<boolean>;
	/** Counts one hit on `key` in a fixed window of `windowMs` starting at the first hit; resolves with the count so far. */
	hit(key: string, windowMs: number): Promise<number>;
}
