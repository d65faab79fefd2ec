import type { GetMobileRequest } from '../protocol/fields.js';
import { monotonicNow } from './monotonic-now.js';

interface Entry {
	readonly request: GetMobileRequest;
	readonly fetchedAt: number;
}

/**
 * One signed getMobile request fetched ahead of the click, so that after it only getMobile and
 * validate stand between the user and the UAID.
 *
 * A signed request is handed out at most once (its traceId is single-use at the backend and the
 * platform), and only while younger than `maxAge` (its timestamp must look current).
 */
export class SignedRequestPrefetch {
	readonly #fetchSigned: (signal: AbortSignal) => Promise<GetMobileRequest>;
	readonly #maxAge: number;
	readonly #now: () => number;
	#entry: Entry | undefined;
	/**
	 * Whether the last request fetched ahead failed: a run counts it as its first sign attempt, and
	 * no new one is fetched ahead until the owner clears it (the client does when a run ends).
	 */
	failed = false;
	#pending: { promise: Promise<void>; controller: AbortController } | undefined;

	constructor(fetchSigned: (signal: AbortSignal) => Promise<GetMobileRequest>, maxAge: number, now: () => number = monotonicNow) {
		this.#fetchSigned = fetchSigned;
		this.#maxAge = maxAge;
		this.#now = now;
	}

	/** Whether a fresh signed request is waiting. */
	get ready(): boolean {
		return this.#entry !== undefined && this.#isFresh(this.#entry);
	}

	/**
	 * Starts fetching unless a fresh request is waiting, one is on its way or the last one failed. A failure is silent: the run
	 * fetches its own.
	 */
	prefetch(): Promise<void> {
		if (this.ready || this.failed) return Promise.resolve();
		if (this.#pending) return this.#pending.promise;
		this.#entry = undefined;
		const controller = new AbortController();
		const current = (): boolean => this.#pending?.controller === controller;
		const promise = this.#fetchSigned(controller.signal).then(
			(request) => {
				if (current()) this.#entry = { request, fetchedAt: this.#now() };
			},
			() => {
				if (current()) this.failed = true;
			},
		);
		const pending = { promise, controller };
		this.#pending = pending;
		void promise.finally(() => {
			if (this.#pending === pending) this.#pending = undefined;
		});
		return promise;
	}

	/**
	 * Takes the waiting signed request (waiting for one on its way), or undefined when there is none
	 * fresh. Whatever is returned is forgotten here, so it can never be posted twice.
	 */
	async take(signal: AbortSignal): Promise<GetMobileRequest | undefined> {
		if (!this.ready && this.#pending) await raceAbort(this.#pending.promise, signal);
		const entry = this.#entry;
		this.#entry = undefined;
		return entry && this.#isFresh(entry) ? entry.request : undefined;
	}

	/** Drops the waiting request and abandons one on its way. */
	clear(): void {
		this.#pending?.controller.abort();
		this.#pending = undefined;
		this.#entry = undefined;
		this.failed = false;
	}

	#isFresh(entry: Entry): boolean {
		return this.#now() - entry.fetchedAt < this.#maxAge;
	}
}

/** Settles when `promise` does (it never rejects) or when the run is aborted, whichever is first. */
function raceAbort(promise: Promise<void>, signal: AbortSignal): Promise<void> {
	return new Promise((resolve) => {
		if (signal.aborted) resolve();
		// The run's signal goes with the run: a listener left on it holds nothing for long.
		signal.addEventListener('abort', () => resolve(), { once: true });
		promise.then(resolve);
	});
}
