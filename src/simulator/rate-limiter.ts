import { FixedWindowCounter } from '../protocol/node/fixed-window-counter.js';

/** Most keys (appId + client IP) counted at once; past it the oldest window is forgotten. */
const MAX_KEYS = 100_000;

/**
 * The platform's getMobile limit: one-minute windows aligned to the clock (the guide: "一分钟一万次"
 * per appId; that the minute is the clock's is this simulator's choice, not documented), counted
 * with the package's one rate counter, the server kit's.
 */
export class RateLimiter {
	readonly #counter = new FixedWindowCounter(MAX_KEYS);

	constructor(private readonly windowMs = 60_000) {}

	/** Counts one request; false when it is over `limit` for the current window. */
	hit(key: string, limit: number, now: number): boolean {
		return this.#counter.hit(key, this.windowMs, now, now - (now % this.windowMs)) <= limit;
	}

	clear(): void {
		this.#counter.clear();
	}
}
