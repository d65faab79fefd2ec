/**
 * What each platform result code means for the caller: its stable category and whether a fresh
 * attempt may help. This is the part of the result-code catalogue a browser needs; the guide's
 * descriptions stay in `result-codes.ts`, out of browser bundles (they are 9 KB minified, more
 * than all of the headless client's own code).
 */

export type PlatformEndpoint = 'getMobile' | 'imeiTokenValidate';

/**
 * What a result means for the caller, stable across platform code changes:
 * - `ok`: success.
 * - `not-cellular`: the gateway found no China Mobile number on the connection (Wi-Fi, another carrier, blacklisted).
 * - `app-config`: the app's configuration at the platform (appId, rights, validity, IP whitelist, keys, referer/origin).
 * - `rate-limited`: too many requests for the appId and client IP.
 * - `token-expired`: the token was used already, expired or is unknown.
 * - `bad-request`: the request itself was malformed.
 * - `platform-error`: a fault at the platform.
 */
export type ResultCategory = 'ok' | 'not-cellular' | 'app-config' | 'rate-limited' | 'token-expired' | 'bad-request' | 'platform-error';

export interface ResultClass {
	readonly category: ResultCategory;
	/** Whether a fresh attempt, at once and with nothing else changed, may succeed. */
	readonly retryable: boolean;
}

const resultClass = (category: ResultCategory, retryable = false): ResultClass => Object.freeze({ category, retryable });
const OK = resultClass('ok');
const NOT_CELLULAR = resultClass('not-cellular');
const APP_CONFIG = resultClass('app-config');
const RATE_LIMITED = resultClass('rate-limited');
const BAD_REQUEST = resultClass('bad-request');
// A token is single use: after 120009 only a new token (a new run) can succeed.
const TOKEN_EXPIRED = resultClass('token-expired', true);
const PLATFORM_ERROR = resultClass('platform-error', true);

/**
 * The class of every code per endpoint (guide §3.1.3 and §3.2.3, and codes seen in real traffic). Where the guide gives one code
 * several meanings (111002, 110022, 130010, 120009, 120010), they share one class, so a code alone
 * decides what the caller does.
 */
export const RESULT_CLASSES: Readonly<Record<PlatformEndpoint, Readonly<Record<string, ResultClass>>>> = Object.freeze({
	getMobile: Object.freeze({
		'103000': OK,
		'110022': APP_CONFIG,
		'110023': APP_CONFIG,
		'110025': APP_CONFIG,
		'111002': NOT_CELLULAR,
		'130010': BAD_REQUEST,
		'130032': BAD_REQUEST,
		'130018': APP_CONFIG,
		'140005': RATE_LIMITED,
		'999999': PLATFORM_ERROR,
		// Seen in real traffic (docs/simulator.md): none of the gateway answers helps on retry.
		'103111': NOT_CELLULAR,
		'103134': NOT_CELLULAR,
		'105002': NOT_CELLULAR,
		'103101': APP_CONFIG,
	}),
	imeiTokenValidate: Object.freeze({
		'000000': OK,
		'120009': TOKEN_EXPIRED,
		'110004': APP_CONFIG,
		'130032': BAD_REQUEST,
		'130010': BAD_REQUEST,
		'130018': APP_CONFIG,
		'110022': APP_CONFIG,
		'110023': APP_CONFIG,
		'120010': APP_CONFIG,
		'999999': PLATFORM_ERROR,
		// Seen in real traffic of the sibling NumberAbility APIs.
		'110028': APP_CONFIG,
		'130030': BAD_REQUEST,
	}),
});

/**
 * How many fresh attempts a code in no table may cause, whatever the caller's own retry count:
 * a code nobody has documented may mean anything, so it gets one more chance and no more.
 */
export const UNKNOWN_CODE_RETRIES = 1;

export interface ResultClassification extends ResultClass {
	/** Whether the code is in the catalogue; an unknown code is classed as `platform-error`. */
	readonly known: boolean;
}

const hasOwn = (table: Readonly<Record<string, ResultClass>>, code: string): boolean => Object.prototype.hasOwnProperty.call(table, code);

/**
 * Classifies any code an endpoint answered with. A code the endpoint does not list but the other
 * one does is read as the other lists it; an unknown code is a `platform-error` that may be retried
 * ({@link UNKNOWN_CODE_RETRIES} times at most).
 */
export function classifyResultCode(endpoint: PlatformEndpoint, code: string): ResultClassification {
	const own = RESULT_CLASSES[endpoint];
	const other = RESULT_CLASSES[endpoint === 'getMobile' ? 'imeiTokenValidate' : 'getMobile'];
	const found = hasOwn(own, code) ? own[code] : hasOwn(other, code) ? other[code] : undefined;
	if (!found) return { category: 'platform-error', retryable: true, known: false };
	return { category: found.category, retryable: found.retryable, known: true };
}
