import { FixedWindowCounter } from '../../protocol/node/fixed-window-counter.js';
import { invalidOption } from '../errors/index.js';
import type { ConsumeTraceResult, UaidStore } from './store.js';

export interface MemoryStoreOptions {
	/**
	 * Most consumed traceIds and most rate-limit keys kept (each), so memory stays bounded under a
	 * flood. Sign stores nothing, so a flood of signs never fills it. A flood of validates can fill
	 * the consumed traceIds (each came from a rate-limited sign and passed its MAC check): then the
	 * earliest consumed is forgotten to make room, never a refusal. Forgetting one lets that traceId
	 * be presented again, but the platform's tokens are single-use, so its token is refused there
	 * (120009); refusing every user until entries expire would cost far more. Full rate-limit
	 * counters evict the oldest window (that only forgets a count).
	 * @default 100_000
	 * @example createMemoryStore({ maxEntries: 10_000 })
	 */
	maxEntries?: number;
}

/** How often, at most, a write sweeps expired entries: frequent enough to bound memory, rare enough to stay O(1) amortised. */
const SWEEP_INTERVAL_MS = 10_000;

/**
 * The default store: one process's memory, bounded. Use {@link createRedisStore} when several
 * instances serve one app, or a traceId validated at one could be validated again at another.
 *
 * @example createUaidHandler({ ..., store: createMemoryStore() })
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): UaidStore & { readonly size: number } {
	const maxEntries = options.maxEntries ?? 100_000;
	if (!Number.isInteger(maxEntries) || maxEntries < 1)
		throw invalidOption('maxEntries', `must be a positive integer, got ${String(maxEntries)}.`);
	/** Consumed traceId → when its lifetime ends (ms since the epoch). */
	const consumed = new Map<string, number>();
	const counters = new FixedWindowCounter(maxEntries);
	let lastSweep = Date.now();

	/**
	 * Room for one more consumed traceId, forgetting from the front. Expired ones are swept at most
	 * every 10 s: on a full store, a sweep per write would walk all entries (4.4 ms each at 100,000).
	 * Maps iterate in insertion order, so the first keys are the earliest consumed (every traceId
	 * lives `traceTtlMs` from its sign, so nearly always the first to expire too).
	 */
	function makeRoom(time: number): void {
		if (time - lastSweep >= SWEEP_INTERVAL_MS) {
			lastSweep = time;
			for (const [id, expiresAt] of consumed) if (expiresAt <= time) consumed.delete(id);
		}
		for (const id of consumed.keys()) {
			if (consumed.size < maxEntries) break;
			consumed.delete(id);
		}
	}

	return {
		get size() {
			return consumed.size + counters.size;
		},
		async consumeTrace(traceId, ttlMs): Promise<ConsumeTraceResult> {
			const time = Date.now();
			const expiresAt = consumed.get(traceId);
			if (expiresAt !== undefined && expiresAt > time) return 'replayed';
			consumed.delete(traceId);
			makeRoom(time);
			consumed.set(traceId, time + ttlMs);
			return 'ok';
		},
		async hit(key, windowMs) {
			return counters.hit(key, windowMs, Date.now());
		},
	};
}
