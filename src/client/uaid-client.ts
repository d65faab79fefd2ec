import type { Carrier } from '../protocol/backend-wire.js';
import type { GetMobileRequest } from '../protocol/fields.js';
import { classifyResultCode, UNKNOWN_CODE_RETRIES } from '../protocol/result-classes.js';
import { UaidClientError, type UaidStage } from './errors.js';
import { fetchSignedRequest } from './fetch-signed-request.js';
import { monotonicNow } from './monotonic-now.js';
import { abortedError, toTransportError, type FetchContext } from './http.js';
import { resolveClientOptions, type ResolvedUaidClientOptions, type UaidClientOptions, type UaidProgress } from './options.js';
import { requestCoverage } from './request-coverage.js';
import { reportGetMobile } from './report-get-mobile.js';
import { requestToken } from './request-token.js';
import { SignedRequestPrefetch } from './signed-request-prefetch.js';
import { requestUaid, type UaidSuccess } from './request-uaid.js';
import { isOnWifi } from './wifi.js';

export type { UaidSuccess } from './request-uaid.js';

/** A flow that stops after getMobile (`validateUrl: ''`): the token, for the page to hand on itself. */
export interface UaidToken {
	token: string;
	traceId: string;
}

export interface StartOptions {
	/** Aborts this run (and any run it joins) with `aborted`. */
	signal?: AbortSignal;
}

interface Run {
	readonly id: number;
	readonly controller: AbortController;
	readonly promise: Promise<UaidSuccess | UaidToken>;
}

const elapsedSince = (start: number): number => Math.round(monotonicNow() - start);

/**
 * The headless UAID flow: sign (integrator backend) → getMobile (China Mobile, from the browser's
 * cellular connection) → validate (integrator backend). No UI; `<cmcc-uaid>` is a view over it.
 *
 * One run at a time: `start()` while a run is going joins it. `reset()` aborts the run; its late
 * answers are dropped.
 *
 * @example
 * const client = createUaidClient({ signUrl: '/uaid/sign', validateUrl: '/uaid/validate' });
 * client.prefetch();                          // on page load or hover
 * const { data } = await client.start();     // on click: what the backend's onUaid chose to tell
 */
export class UaidClient {
	readonly #options: ResolvedUaidClientOptions;
	readonly #prefetch: SignedRequestPrefetch;
	#run: Run | undefined;
	#runCount = 0;

	constructor(options: UaidClientOptions = {}) {
		this.#options = resolveClientOptions(options);
		this.#prefetch = new SignedRequestPrefetch((signal) => this.#fetchSigned(signal), this.#options.prefetchMaxAgeMs);
	}

	/** Whether a run is going. */
	get running(): boolean {
		return this.#run !== undefined;
	}

	/**
	 * Fetches a signed getMobile request ahead of `start()` (on page load, hover or focus). Never
	 * rejects; does nothing on Wi-Fi (when detected) or when a fresh one is waiting.
	 */
	prefetch(): Promise<void> {
		if (this.#options.detectWifi && isOnWifi()) return Promise.resolve();
		return this.#prefetch.prefetch();
	}

	/**
	 * Asks the backend's coverage endpoint whose network this page's IP is on: `other` means UAID
	 * cannot work here (show the fallback first), `china-mobile` that it may. Never rejects: any
	 * failure, and `coverageUrl: ''`, resolve `unknown`.
	 */
	coverage(options: StartOptions = {}): Promise<Carrier> {
		return requestCoverage(this.#options.coverageUrl, this.#options, options.signal);
	}

	/**
	 * Runs the flow, or joins the run that is going.
	 *
	 * @returns `{ uaid?, traceId, data }` (`uaid` absent when the backend does not expose it, `data` the
	 * fields its `onUaid` hook added), or `{ token, traceId }` when `validateUrl` is `''`.
	 * @throws {UaidClientError} with the stage, the stable code and whether a retry may help.
	 */
	start(options: StartOptions = {}): Promise<UaidSuccess | UaidToken> {
		const run = this.#run ?? this.#begin();
		const { signal } = options;
		if (!signal) return run.promise;
		if (signal.aborted) this.#abortRun(run, signal.reason);
		else signal.addEventListener('abort', () => this.#abortRun(run, signal.reason), { once: true });
		return run.promise;
	}

	/** Aborts the run that is going (it rejects with `aborted`) and forgets any prefetched request. */
	reset(): void {
		if (this.#run) this.#abortRun(this.#run);
		this.#prefetch.clear();
	}

	#begin(): Run {
		const id = ++this.#runCount;
		const controller = new AbortController();
		// Deferred one microtask so the run is registered before its first progress report.
		const promise = Promise.resolve()
			.then(() => this.#execute(id, controller.signal))
			.finally(() => {
				if (this.#run?.id === id) this.#run = undefined;
				// The failed request fetched ahead has been counted; the next run may fetch ahead again.
				this.#prefetch.failed = false;
			});
		const run: Run = { id, controller, promise };
		this.#run = run;
		return run;
	}

	#abortRun(run: Run, reason?: unknown): void {
		if (this.#run === run) this.#run = undefined;
		run.controller.abort(reason);
	}

	async #execute(id: number, signal: AbortSignal): Promise<UaidSuccess | UaidToken> {
		const startedAt = monotonicNow();
		let unknownCodeRetries = 0;
		for (let attempt = 0; ; attempt++) {
			try {
				return await this.#attempt(id, signal, attempt, startedAt);
			} catch (error) {
				const failure = signal.aborted ? abortedError(stageOf(error)) : error instanceof UaidClientError ? error : toTransportError('sign', error, signal);
				const unknownCode = hasUnknownPlatformCode(failure);
				// At most two sign requests per tap, a failed one fetched ahead counted; after a token was
				// issued, starting again would spend a second getMobile on one tap.
				const spent = failure.stage === 'validate' || (failure.stage === 'sign' && (attempt > 0 || this.#prefetch.failed));
				if (attempt < this.#options.retries && !spent && shouldRetryAutomatically(failure) && !(unknownCode && unknownCodeRetries >= UNKNOWN_CODE_RETRIES)) {
					if (unknownCode) unknownCodeRetries++;
					continue;
				}
				throw failure;
			}
		}
	}

	async #attempt(id: number, signal: AbortSignal, attempt: number, startedAt: number): Promise<UaidSuccess | UaidToken> {
		const context = this.#context(signal);
		const progress = (stage: UaidStage, phase: UaidProgress['phase'], extra: Partial<UaidProgress> = {}): void => {
			if (this.#run?.id === id && !signal.aborted) notify('onProgress', this.#options.onProgress, { stage, phase, elapsed: elapsedSince(startedAt), attempt, ...extra });
		};
		if (this.#options.detectWifi && isOnWifi()) {
			throw new UaidClientError('wifi-detected', 'token: on Wi-Fi', { stage: 'token', retryable: false });
		}

		progress('sign', 'start');
		// A retry never reuses anything: only the first attempt may take the request fetched ahead.
		const prefetched = attempt === 0 ? await this.#prefetch.take(signal) : undefined;
		this.#throwIfAborted(signal, 'sign');
		const signed: GetMobileRequest = prefetched ?? (await fetchSignedRequest(this.#options.signUrl, this.#options, context));
		progress('sign', 'done', { prefetched: prefetched !== undefined });

		progress('token', 'start');
		const { reportUrl } = this.#options;
		const token = await requestToken(this.#options.tokenUrl, signed, context, reportUrl ? (outcome) => reportGetMobile(reportUrl, { traceId: signed.traceId, ...outcome }, this.#options) : undefined);
		this.#throwIfAborted(signal, 'token');
		progress('token', 'done');
		if (this.#run?.id === id) notify('onToken', this.#options.onToken, { token, traceId: signed.traceId });
		if (this.#options.validateUrl === '') return { token, traceId: signed.traceId };

		progress('validate', 'start');
		const validate = () => requestUaid(this.#options.validateUrl, { token, traceId: signed.traceId }, this.#options, context);
		// No answer at all (backend down, connection refused): the same token once more. Should the first
		// request have reached the kit after all, its replay store answers replayed-trace and nothing
		// reaches the platform; a new getMobile instead would spend a second token on one tap.
		const result = await validate().catch((error: UaidClientError) => {
			if (error.code !== 'network' || !this.#options.retries) throw error;
			return validate();
		});
		this.#throwIfAborted(signal, 'validate');
		progress('validate', 'done');
		return result;
	}

	#fetchSigned(signal: AbortSignal): Promise<GetMobileRequest> {
		return fetchSignedRequest(this.#options.signUrl, this.#options, this.#context(signal));
	}

	/** The options carry what each request needs (`timeoutMs`, `fetch`, `credentials`, `expandParams`). */
	#context(signal: AbortSignal): FetchContext {
		return { ...this.#options, signal };
	}

	#throwIfAborted(signal: AbortSignal, stage: UaidStage): void {
		if (signal.aborted) throw abortedError(stage);
	}
}

/**
 * Calls an integrator's callback. What it throws is reported on the console and goes no further:
 * it must never fail the run, turn into a retry, or spend a second getMobile.
 */
function notify<T>(name: string, callback: ((value: T) => void) | undefined, value: T): void {
	if (!callback) return;
	try {
		callback(value);
	} catch (error) {
		console.error(`cmcc-uaid: ${name} threw`, error);
	}
}

function stageOf(error: unknown): UaidStage {
	return error instanceof UaidClientError ? error.stage : 'sign';
}

/** A platform code in no table of the catalogue: retried once at most, however many `retries` allow. */
function hasUnknownPlatformCode(error: UaidClientError): boolean {
	return error.platformCode !== undefined && !classifyResultCode(error.stage === 'token' ? 'getMobile' : 'imeiTokenValidate', error.platformCode).known;
}

/** A fresh attempt at once only where it may help and costs the user little: never after a timeout (they have waited already). */
function shouldRetryAutomatically(error: UaidClientError): boolean {
	return error.retryable && error.code !== 'timeout' && error.code !== 'rate-limited';
}

/** A headless client. @see UaidClient */
export function createUaidClient(options?: UaidClientOptions): UaidClient {
	return new UaidClient(options);
}
