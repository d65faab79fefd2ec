/**
 * The words of the result-code catalogue (`result-codes.ts`): the endpoints, the categories, and
 * what one row tells each reader. Types only, so that the browser's slim table and the catalogue
 * can both name them without one importing the other.
 */

export type PlatformEndpoint = 'getMobile' | 'imeiTokenValidate';

/**
 * What a result means for the caller, stable across platform code changes:
 * - `ok`: success.
 * - `not-cellular`: the user's connection: no China Mobile number on it (Wi-Fi, another carrier, an IoT SIM, blacklisted, the gateway
 * failed).
 * - `app-config`: the app's configuration at the platform (appId, rights, validity, IP whitelist, keys, referer/origin, timestamps).
 * - `rate-limited`: too many requests for the appId and client IP.
 * - `token-expired`: the token was used already, expired or is unknown.
 * - `bad-request`: the request itself was malformed.
 * - `platform-error`: a fault at the platform nobody can fix right now.
 */
export type ResultCategory = 'ok' | 'not-cellular' | 'app-config' | 'rate-limited' | 'token-expired' | 'bad-request' | 'platform-error';

/**
 * Which of the element's sentences the person holding the phone is told for a code (keys of its
 * strings, src/element/strings.ts): `notCellular` (use China Mobile cellular data), `misconfigured`
 * (the site must act), `rateLimited`, `expired`, `unavailable` (try again later).
 */
export type UserSentenceKey = 'notCellular' | 'misconfigured' | 'rateLimited' | 'expired' | 'unavailable';

/**
 * Where a row comes from: `guide` (the vendor's guide), `observed` (real traffic or the vendor's own SDK documentation;
 * docs/simulator.md names them) or `assumed` (neither).
 */
export type ResultProvenance = 'guide' | 'observed' | 'assumed';

/** What the integrator changes, in both languages. */
export interface ResultFix {
	/** What to change, in English. */
	readonly en: string;
	/** The same in Chinese. */
	readonly zh: string;
}

/**
 * What a browser needs of a code: the part of a catalogue row the slim table keeps. Fields left
 * out take their defaults (`retries` the caller's count, `user` the category's sentence, no hint).
 */
export interface ResultClass {
	readonly category: ResultCategory;
	/** Whether a fresh attempt, at once and with nothing else changed, may succeed. */
	readonly retryable: boolean;
	/** At most this many automatic fresh attempts for this code, whatever the caller's `retries` allow. */
	readonly retries?: number;
	/** The user's sentence, where it is not the category's. */
	readonly user?: UserSentenceKey;
	/** What the element adds to `uaid-error`'s message for the developer (English, one clause). */
	readonly hint?: string;
	/** Whether the hint goes on to name the Origin and Referer this page sent with getMobile. */
	readonly namesPage?: boolean;
}
