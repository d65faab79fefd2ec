import type { ExpandParams } from '../protocol/expand-params.js';
import { GET_MOBILE_URL } from '../protocol/fields.js';
import { UaidClientError, type UaidStage } from './errors.js';

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
const DEFAULT_PREFETCH_MAX_AGE_MS = 120_000;

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
	 * The integrator's coverage endpoint (`GET` → `{ carrier }`), asked by `coverage()`. `''` turns
	 * it off (`coverage()` then resolves `unknown` without a request).
	 * @default the sign URL with its last segment `sign` replaced by `coverage` (`'/uaid/coverage'`), or `''` when it does not end in `/sign`
	 * @example '/api/uaid/coverage'
	 */
	coverageUrl?: string;
	/**
	 * The integrator's report endpoint: after each getMobile call the client posts what it answered
	 * (the code, the carrier it named, the time it took; nothing that identifies the user) with
	 * `navigator.sendBeacon`, so the backend sees failures only the browser meets (a wrong appKey's
	 * 130018, a referer refusal, other carriers). `''` turns it off.
	 * @default the sign URL with its last segment `sign` replaced by `report` (`'/uaid/report'`), or `''` when it does not end in `/sign`
	 * @example '/api/uaid/report'
	 */
	reportUrl?: string;
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
	timeoutMs?: number;
	/**
	 * End the run with `wifi-detected`, before any request, when `navigator.connection.type` is `wifi`.
	 * @default true
	 * @example false // let the platform decide (it answers 103111, or the guide's 111002)
	 */
	detectWifi?: boolean;
	/**
	 * Milliseconds a signed request fetched by `prefetch()` stays usable. Where the platform's
	 * timestamp window is known (the simulator's `timestampWindowMs`; getMobile answers 105112
	 * 时间戳非法 outside it), keep this below half of it: the request was stamped when signed.
	 * @default 120000
	 * @example 60000
	 */
	prefetchMaxAgeMs?: number;
	/**
	 * Automatic fresh attempts (a new signed request and a new token each) after a sign or getMobile
	 * failure that is `retryable`, except `timeout` (the user has already waited). `rate-limited` is
	 * never retried; a platform code that is in no table of the catalogue is retried once at most; a
	 * failed sign is retried once at most, and not at all when the request fetched ahead failed (two
	 * sign requests per tap). Once getMobile has issued a
	 * token nothing starts again (one getMobile per run): a validate request that got no answer at
	 * all is sent once more with the same token, any other validate failure ends the run.
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

/** The options with every default filled in, as the client uses them. */
export interface ResolvedUaidClientOptions {
	readonly signUrl: string;
	readonly validateUrl: string;
	readonly coverageUrl: string;
	readonly reportUrl: string;
	readonly tokenUrl: string;
	readonly timeoutMs: number;
	readonly detectWifi: boolean;
	readonly prefetchMaxAgeMs: number;
	readonly retries: number;
	readonly credentials: RequestCredentials;
	readonly expandParams?: ExpandParams;
	readonly onToken?: UaidClientOptions['onToken'];
	readonly onProgress?: UaidClientOptions['onProgress'];
	readonly fetch?: typeof globalThis.fetch;
}

const invalidOption = (message: string): UaidClientError =>
	new UaidClientError('invalid-option', message, { stage: 'sign', retryable: false });

function positiveMs(value: number | undefined, fallback: number, name: string): number {
	if (value === undefined) return fallback;
	if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)
		throw invalidOption(`${name} must be > 0 (ms), got ${String(value)}`);
	return value;
}

/** The kit serves its other endpoints beside sign, under the same basePath; a sign URL of another layout has none. */
const besideSign = (signUrl: string, endpoint: string): string => (/\/sign$/.test(signUrl) ? signUrl.slice(0, -4) + endpoint : '');

/**
 * Fills in defaults and rejects nonsense early, so a typo fails at construction, not at the first click.
 *
 * @throws {UaidClientError} `invalid-option` for a `timeoutMs`/`prefetchMaxAgeMs` that is not a positive number or a `retries`
 * that is not a whole number ≥ 0.
 */
export function resolveClientOptions(options: UaidClientOptions = {}): ResolvedUaidClientOptions {
	const {
		validateUrl = DEFAULT_VALIDATE_URL,
		tokenUrl,
		timeoutMs,
		detectWifi = true,
		prefetchMaxAgeMs,
		retries = 1,
		credentials = 'same-origin',
	} = options;
	// An element's attribute removed reads as '': the default then, as for tokenUrl.
	const signUrl = options.signUrl || DEFAULT_SIGN_URL;
	if (!Number.isInteger(retries) || retries < 0) throw invalidOption(`retries must be an integer >= 0, got ${String(retries)}`);
	return {
		// expandParams, onToken, onProgress and fetch as given.
		...options,
		signUrl,
		validateUrl,
		coverageUrl: options.coverageUrl ?? besideSign(signUrl, 'coverage'),
		reportUrl: options.reportUrl ?? besideSign(signUrl, 'report'),
		tokenUrl: tokenUrl || DEFAULT_TOKEN_URL,
		timeoutMs: positiveMs(timeoutMs, DEFAULT_TIMEOUT_MS, 'timeoutMs'),
		detectWifi,
		prefetchMaxAgeMs: positiveMs(prefetchMaxAgeMs, DEFAULT_PREFETCH_MAX_AGE_MS, 'prefetchMaxAgeMs'),
		retries,
		credentials,
	};
}
