import { invalidOption, StoreError } from '../errors/index.js';
import type { ConsumeTraceResult, UaidStore } from './store.js';

export interface MemoryStoreOptions {
	/**
	 * Most traceIds and most rate-limit keys kept (each), so memory stays bounded under a flood of
	 * sign calls. When the traceIds are full, expired ones are dropped; if all are still valid, sign
	 * answers `store-full` (503) until some expire: a traceId a user is about to validate is never
	 * forgotten to make room. Full rate-limit counters evict the oldest window instead (that only
	 * forgets a count).
	 * @default 100_000
	 * @example createMemoryStore({ maxEntries: 10_000 })
	 */
	maxEntries?: number;
	/**
	 * Clock, for tests.
	 * @default Date.now
	 * @example createMemoryStore({ now: () => fakeTime })
	 */
	now?: () => number;
}

interface TraceEntry {
	consumed: boolean;
	expiresAt: number;
}

interface CounterEntry {
	count: number;
	resetAt: number;
}

/** How often, at most, a write sweeps expired entries: frequent enough to bound memory, rare enough to stay O(1) amortised. */
const SWEEP_INTERVAL_MS = 10_000;

/**
 * The default store: one process's memory, bounded. Use {@link createRedisStore} when several
 * instances serve one app, or a traceId signed by one could not be validated by another.
 *
 * @example createUaidHandler({ ..., store: createMemoryStore() })
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): UaidStore & { readonly size: number } {
	const maxEntries = options.maxEntries ?? 100_000;
	if (!Number.isInteger(maxEntries) || maxEntries < 1) throw invalidOption('maxEntries', `must be a positive integer, got ${String(maxEntries)}.`);
	const now = options.now ?? Date.now;
	const traces = new Map<string, TraceEntry>();
	const counters = new Map<string, CounterEntry>();
	let lastSweep = now();

	function sweep(time: number): void {
		lastSweep = time;
		for (const [id, entry] of traces) if (entry.expiresAt <= time) traces.delete(id);
		for (const [key, entry] of counters) if (entry.resetAt <= time) counters.delete(key);
	}

	function makeRoom<V>(map: Map<string, V>, time: number): void {
		if (time - lastSweep >= SWEEP_INTERVAL_MS) sweep(time);
		if (map.size < maxEntries) return;
		// No sweep here: on a full store every write would walk all entries (4.4 ms each at 100,000).
		// Maps iterate in insertion order, so the first keys are the oldest, and with one lifetime the first to expire.
		for (const key of map.keys()) {
			if (map.size < maxEntries) break;
			map.delete(key);
		}
	}

	/**
	 * Maps iterate in insertion order and sign issues every traceId with the same lifetime, so the
	 * first entries are the first to expire: walk from the front until a valid one.
	 */
	function dropExpiredOldest(time: number): void {
		for (const [id, entry] of traces) {
			if (entry.expiresAt > time) return;
			traces.delete(id);
		}
	}

	return {
		get size() {
			return traces.size + counters.size;
		},
		async issueTrace(traceId, ttlMs) {
			const time = now();
			if (time - lastSweep >= SWEEP_INTERVAL_MS) sweep(time);
			if (traces.size >= maxEntries) dropExpiredOldest(time);
			if (traces.size >= maxEntries) throw new StoreError('store-full', `The memory store holds ${maxEntries} traceIds that are still valid; new signs are refused until some expire.`);
			traces.delete(traceId);
			traces.set(traceId, { consumed: false, expiresAt: time + ttlMs });
		},
		async consumeTrace(traceId): Promise<ConsumeTraceResult> {
			const entry = traces.get(traceId);
			if (!entry || entry.expiresAt <= now()) {
				if (entry) traces.delete(traceId);
				return 'unknown';
			}
			if (entry.consumed) return 'replayed';
			// The entry stays as a tombstone until its original expiry, so a second use reads `replayed`, not `unknown`.
			entry.consumed = true;
			return 'ok';
		},
		async isTraceIssued(traceId) {
			const entry = traces.get(traceId);
			return entry !== undefined && entry.expiresAt > now();
		},
		async hit(key, windowMs) {
			const time = now();
			const entry = counters.get(key);
			if (entry && entry.resetAt > time) return ++entry.count;
			if (entry) counters.delete(key);
			makeRoom(counters, time);
			counters.set(key, { count: 1, resetAt: time + windowMs });
			return 1;
		},
	};
}
