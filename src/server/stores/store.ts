/**
 * Where the kit keeps consumed traceIds (replay protection) and rate-limit counters. In memory by
 * default (one process); {@link createRedisStore} shares them between instances behind a load balancer.
 *
 * Sign writes nothing here: a traceId carries its own expiry and a MAC, checked before the store is
 * asked, so only traceIds this backend issued, still unexpired, are ever consumed.
 */
export type ConsumeTraceResult = 'ok' | 'replayed';

export interface UaidStore {
	/**
	 * Marks a traceId consumed for `ttlMs` (what is left of its lifetime) atomically: `ok` for the
	 * first consumer only, `replayed` for every later one until then.
	 */
	consumeTrace(traceId: string, ttlMs: number): Promise<ConsumeTraceResult>;
	/** Counts one hit on `key` in a fixed window of `windowMs` starting at the first hit; resolves with the count so far. */
	hit(key: string, windowMs: number): Promise<number>;
}
