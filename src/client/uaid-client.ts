import type { Carrier, ConsentJson } from '../protocol/backend-wire.js';
import type { GetMobileRequest } from '../protocol/fields.js';
import { classifyResultCode } from '../protocol/result-classes.js';
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

/**
 * What `start()` resolves with for a `validateUrl` of type `V`: the token for `''`, the backend's
 * answer for any other literal or none (the default, `/uaid/validate`), either for a `string` only
 * known at run time.
 */
export type UaidOutcome<V extends string | undefined = string | undefined> = [V] extends ['']
	? UaidToken
	: '' extends V
		? UaidSuccess | UaidToken
		: UaidSuccess;

export interface StartOptions {
	/** Aborts this run (and any run it joins) with `aborted`. */
	signal?: AbortSignal;
	/**
	 * The user agreed first: `version` (the policy version) goes with sign and validate, and the
	 * backend's `onUaid` gets `context.consent`. The backend checks the version (1 to 64 printable
	 * characters) and refuses another with `bad-request`, before anything reaches the platform.
	 * @default undefined
	 * @example { version: '2026-05' }
	 */
	consent?: { version?: string };
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
export class UaidClient<R extends UaidSuccess | UaidToken = UaidSuccess | UaidToken> {
	readonly #options: ResolvedUaidClientOptions;
	readonly #prefetch: SignedRequestPrefetch;
	#run: Run | undefined;
	#runCount = 0;
	/** The consent of the run going (or the next), which the request fetched ahead was signed with. */
	#consent: ConsentJson | undefined;

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
	 * rejects; does nothing on Wi-Fi (when detected) or when a fresh one is waiting. Pass the
	 * `consent` the run will have: a request fetched with another consent (or none) is dropped.
	 */
	prefetch(options: Pick<StartOptions, 'consent'> = {}): Promise<void> {
		if (this.#options.detectWifi && isOnWifi()) return Promise.resolve();
		this.#takeConsent(options);
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
	start(options: StartOptions = {}): Promise<R> {
		this.#takeConsent(options);
		const run = this.#run ?? this.#begin();
		// #attempt returns the token exactly when validateUrl is '', which is what createUaidClient reads R from.
		const promise = run.promise as Promise<R>;
		const { signal } = options;
		if (!signal) return promise;
		if (signal.aborted) this.#abortRun(run, signal.reason);
		else signal.addEventListener('abort', () => this.#abortRun(run, signal.reason), { once: true });
		return promise;
	}

	/** Aborts the run that is going (it rejects with `aborted`) and forgets any prefetched request. */
	reset(): void {
		if (this.#run) this.#abortRun(this.#run);
		this.#prefetch.clear();
	}

	/**
	 * Sets the consent of the next run (not of one going): a request fetched ahead with another is dropped, so the sign that served a run
	 * always carried its consent.
	 */
	#takeConsent({ consent }: Pick<StartOptions, 'consent'>): void {
		if (this.#run) return;
		const next = consent && { version: consent.version };
		if (JSON.stringify(next) !== JSON.stringify(this.#consent)) this.#prefetch.clear();
		this.#consent = next;
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
		for (let attempt = 0; ; attempt++) {
			try {
				return await this.#attempt(id, signal, attempt, startedAt);
			} catch (error) {
				const failure = signal.aborted
					? abortedError(stageOf(error))
					: error instanceof UaidClientError
						? error
						: toTransportError('sign', error, signal);
				// At most two sign requests per tap, a failed one fetched ahead counted; after a token was
				// issued, starting again would spend a second getMobile on one tap.
				const spent = failure.stage === 'validate' || (failure.stage === 'sign' && (attempt > 0 || this.#prefetch.failed));
				// `attempt` is the fresh attempts made so far: a code with a limit of its own (105112: one fresh sign; a code in no table: one) caps
				// them.
				if (
					attempt < Math.min(this.#options.retries, platformCodeRetries(failure) ?? Infinity) &&
					!spent &&
					shouldRetryAutomatically(failure)
				)
					continue;
				throw failure;
			}
		}
	}

	async #attempt(id: number, signal: AbortSignal, attempt: number, startedAt: number): Promise<UaidSuccess | UaidToken> {
		const context = this.#context(signal);
		const progress = (stage: UaidStage, phase: UaidProgress['phase'], extra: Partial<UaidProgress> = {}): void => {
			if (this.#run?.id === id && !signal.aborted)
				notify('onProgress', this.#options.onProgress, { stage, phase, elapsed: elapsedSince(startedAt), attempt, ...extra });
		};
		if (this.#options.detectWifi && isOnWifi()) {
			throw new UaidClientError('wifi-detected', 'token: on Wi-Fi', { stage: 'token', retryable: false });
		}

		progress('sign', 'start');
		// A retry never reuses anything: only the first attempt may take the request fetched ahead.
		const prefetched = attempt === 0 ? await this.#prefetch.take(signal) : undefined;
		this.#throwIfAborted(signal, 'sign');
		const signed: GetMobileRequest = prefetched ?? (await this.#fetchSigned(signal));
		progress('sign', 'done', { prefetched: prefetched !== undefined });

		progress('token', 'start');
		const { reportUrl } = this.#options;
		const token = await requestToken(
			this.#options.tokenUrl,
			signed,
			context,
			reportUrl ? (outcome) => reportGetMobile(reportUrl, { traceId: signed.traceId, ...outcome }, this.#options) : undefined,
		);
		this.#throwIfAborted(signal, 'token');
		progress('token', 'done');
		if (this.#run?.id === id) notify('onToken', this.#options.onToken, { token, traceId: signed.traceId });
		if (this.#options.validateUrl === '') return { token, traceId: signed.traceId };

		progress('validate', 'start');
		const validate = () =>
			requestUaid(this.#options.validateUrl, { token, traceId: signed.traceId, consent: this.#consent }, this.#options, context);
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
		return fetchSignedRequest(this.#options.signUrl, this.#options, this.#consent, this.#context(signal));
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

/**
 * The fresh attempts a platform code allows of its own, whatever `retries` says: one for a code in
 * no table of the catalogue, one for a code whose row says so (105112: one fresh sign, then stop).
 * A retry never takes the request fetched ahead, so that one is always freshly signed.
 */
function platformCodeRetries(error: UaidClientError): number | undefined {
	return error.platformCode === undefined
		? undefined
		: classifyResultCode(error.stage === 'token' ? 'getMobile' : 'imeiTokenValidate', error.platformCode).retries;
}

/** A fresh attempt at once only where it may help and costs the user little: never after a timeout (they have waited already). */
function shouldRetryAutomatically(error: UaidClientError): boolean {
	return error.retryable && error.code !== 'timeout' && error.code !== 'rate-limited';
}

/**
 * A headless client. Its `start()` resolves with what the `validateUrl` given here says
 * ({@link UaidOutcome}): `UaidSuccess` by default, `UaidToken` for `''`. @see UaidClient
 */
export function createUaidClient<const V extends string | undefined = undefined>(
	options?: UaidClientOptions & { validateUrl?: V },
): UaidClient<UaidOutcome<V>> {
	return new UaidClient(options);
}
