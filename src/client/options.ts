// Protocol modules are imported one by one, never through the index: the index also re-exports the
// MD5 signer (spark-md5), which the browser never needs and a bundler cannot drop from CommonJS.
import { ProtocolError } from '../protocol/errors.js';
import type { ExpandParams } from '../protocol/expand-params.js';
import { GET_MOBILE_URL } from '../protocol/fields.js';
import type { UaidStage } from './errors.js';

/**
 * Default time for each request, in milliseconds. A getMobile answer on a working cellular link
 * takes well under 2 s even on 3G; after 10 s a user has given up, and the token (valid five
 * minutes) must still be validated, so waiting longer only delays the error a user can act on.
 */
export const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * How long a signed getMobile request fetched ahead stays usable, in milliseconds. Well inside the
 * backend's traceId lifetime (the token's five minutes) and short enough that the request's
 * timestamp still looks current to the platform.
 */
export const DEFAULT_PREFETCH_MAX_AGE_MS = 120_000;

export const DEFAULT_SIGN_URL = '/uaid/sign';
export const DEFAULT_VALIDATE_URL = '/uaid/validate';
export const DEFAULT_TOKEN_URL = GET_MOBILE_URL;

/** Progress of one run, for step-by-step displays and timing. */
export interface UaidProgress {
	stage: UaidStage;
	/** `start` when the request is sent (or a prefetched signed request is taken), `done` when its answer is in. */
	phase: 'start' | 'done';
	/** Whether the signed request came from the prefetch (stage `sign` only). */
	prefetched?: boolean;
	/** Milliseconds since the run started. */
	elapsed: number;
	/** 0 for the first attempt, 1 for the first automatic retry… */
	attempt: number;
}

export interface UaidClientOptions {
	/**
	 * The integrator's sign endpoint (`POST`, answers with the signed getMobile body).
	 * @default '/uaid/sign'
	 * @example '/api/uaid/sign'
	 */
	signUrl?: string;
	/**
	 * The integrator's validate endpoint (`POST {token, traceId}` → `{uaid, traceId}`). `''` stops
	 * after the token: `start()` then resolves with `{token, traceId}`.
	 * @default '/uaid/validate'
	 * @example ''
	 */
	validateUrl?: string;
	/**
	 * China Mobile's getMobile endpoint.
	 * @default 'https://verify.cmpassport.com/h5/getMobile'
	 * @example 'http://127.0.0.1:5000/h5/getMobile' // the simulator
	 */
	tokenUrl?: string;
	/**
	 * Milliseconds each request may take before the run fails with `timeout`.
	 * @default 10000
	 * @example 5000
	 */
	timeout?: number;
	/**
	 * End the run with `wifi-detected`, before any request, when `navigator.connection.type` is `wifi`.
	 * @default true
	 * @example false // let the platform decide (it answers 111002)
	 */
	detectWifi?: boolean;
	/**
	 * Milliseconds a signed request fetched by `prefetch()` stays usable.
	 * @default 120000
	 * @example 60000
	 */
	prefetchMaxAge?: number;
	/**
	 * Automatic fresh attempts (a new signed request and a new token each) after a failure that is
	 * `retryable`, except `timeout` (the user has already waited). `rate-limited` is never retried;
	 * a platform code that is in no table of the catalogue is retried once at most.
	 * @default 1
	 * @example 0
	 */
	retries?: number;
	/**
	 * Values the backend may put into the platform's `expandParams` (only keys it allow-lists).
	 * @default undefined
	 * @example { channel: 'h5' }
	 */
	expandParams?: ExpandParams;
	/**
	 * Credentials mode of the two backend requests (getMobile always omits credentials).
	 * @default 'same-origin'
	 * @example 'include' // a backend on another origin that needs its session cookie
	 */
	credentials?: RequestCredentials;
	/**
	 * Called when getMobile has issued a token, before it is validated.
	 * @default undefined
	 */
	onToken?: (detail: { token: string; traceId: string }) => void;
	/**
	 * Called as each step of the current run starts and ends.
	 * @default undefined
	 */
	onProgress?: (progress: UaidProgress) => void;
	/**
	 * The `fetch` to use.
	 * @default globalThis.fetch
	 */
	fetch?: typeof globalThis.fetch;
}

export interface ResolvedUaidClientOptions extends Required<Omit<UaidClientOptions, 'expandParams' | 'onToken' | 'onProgress' | 'fetch'>> {
	expandParams?: ExpandParams;
	onToken?: UaidClientOptions['onToken'];
	onProgress?: UaidClientOptions['onProgress'];
	fetch?: typeof globalThis.fetch;
}

function positive(value: number | undefined, fallback: number, name: string): number {
	if (value === undefined) return fallback;
	if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw new ProtocolError('invalid-argument', `${name} must be a positive number of milliseconds.`);
	return value;
}

/**
 * Fills in defaults and rejects nonsense early, so a typo fails at construction, not at the first click.
 *
 * @throws {ProtocolError} `invalid-argument` for a non-positive `timeout`/`prefetchMaxAge` or a negative `retries`.
 */
export function resolveClientOptions(options: UaidClientOptions = {}): ResolvedUaidClientOptions {
	const retries = options.retries ?? 1;
	if (!Number.isInteger(retries) || retries < 0) throw new ProtocolError('invalid-argument', 'retries must be a whole number ≥ 0.');
	const resolved: ResolvedUaidClientOptions = {
		signUrl: options.signUrl || DEFAULT_SIGN_URL,
		validateUrl: options.validateUrl ?? DEFAULT_VALIDATE_URL,
		tokenUrl: options.tokenUrl || DEFAULT_TOKEN_URL,
		timeout: positive(options.timeout, DEFAULT_TIMEOUT_MS, 'timeout'),
		detectWifi: options.detectWifi ?? true,
		prefetchMaxAge: positive(options.prefetchMaxAge, DEFAULT_PREFETCH_MAX_AGE_MS, 'prefetchMaxAge'),
		retries,
		credentials: options.credentials ?? 'same-origin',
	};
	if (options.expandParams) resolved.expandParams = options.expandParams;
	if (options.onToken) resolved.onToken = options.onToken;
	if (options.onProgress) resolved.onProgress = options.onProgress;
	if (options.fetch) resolved.fetch = options.fetch;
	return resolved;
}
