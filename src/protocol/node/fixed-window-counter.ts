/**
 * The one rate counter of the package: the server kit's memory store and the simulator's
 * getMobile limit both count with it. Fixed windows per key (a window starts at the first hit, or
 * where the caller says, such as the top of the clock's minute), at most `maxKeys` keys: when
 * full, the oldest window is forgotten, which only forgets a count.
 */
interface Window {
	count: number;
	resetAt: number;
}

/** How often, at most, a hit sweeps ended windows: enough to bound memory, rare enough to stay O(1) amortised. */
const SWEEP_INTERVAL_MS = 10_000;

export class FixedWindowCounter {
	readonly #windows = new Map<string, Window>();
	readonly #maxKeys: number;
	#lastSweep = Number.NEGATIVE_INFINITY;

	constructor(maxKeys: number) {
		this.#maxKeys = maxKeys;
	}

	/** Keys held. */
	get size(): number {
		return this.#windows.size;
	}

	/**
	 * Counts one hit on `key` at `now` and answers the count in its window so far. A new window
	 * starts at `windowStart` (default `now`) and lasts `windowMs`.
	 */
	hit(key: string, windowMs: number, now: number, windowStart = now): number {
		const window = this.#windows.get(key);
		if (window && window.resetAt > now) return ++window.count;
		if (window) this.#windows.delete(key);
		if (now - this.#lastSweep >= SWEEP_INTERVAL_MS) this.#sweep(now);
		// Maps iterate in insertion order: the first keys are the oldest windows.
		for (const oldest of this.#windows.keys()) {
			if (this.#windows.size < this.#maxKeys) break;
			this.#windows.delete(oldest);
		}
		this.#windows.set(key, { count: 1, resetAt: windowStart + windowMs });
		return 1;
	}

	clear(): void {
		this.#windows.clear();
	}

	#sweep(now: number): void {
		this.#lastSweep = now;
		for (const [key, window] of this.#windows) if (window.resetAt <= now) this.#windows.delete(key);
	}
}
