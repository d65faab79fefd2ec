/**
 * Fixed one-minute windows per key (appId + client IP). The whole table is dropped when the
 * window rolls over, so memory holds at most the keys seen within one minute.
 */
export class RateLimiter {
	#windowStart = Number.NEGATIVE_INFINITY;
	readonly #counts = new Map<string, number>();

	constructor(private readonly windowMs = 60_000) {}

	/** Counts one request; false when it is over `limit` for the current window. */
	hit(key: string, limit: number, now: number): boolean {
		const windowStart = now - (now % this.windowMs);
		if (windowStart !== this.#windowStart) {
			this.#windowStart = windowStart;
			this.#counts.clear();
		}
		const count = (this.#counts.get(key) ?? 0) + 1;
		this.#counts.set(key, count);
		return count <= limit;
	}

	clear(): void {
		this.#counts.clear();
	}
}
