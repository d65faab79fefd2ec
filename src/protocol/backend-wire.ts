/**
 * The JSON contract between the browser and the integrator's backend (the server kit,
 * `cmcc-uaid/server`). Browser-safe: the client imports these shapes from here, never from
 * `src/server/`, so no Node code reaches a browser bundle.
 *
 * - `POST {basePath}/sign` with an optional {@link SignRequestJson} → `200` with the getMobile body
 *   ({@link SignResponseJson}) the browser posts to the platform as-is.
 * - `POST {basePath}/validate` with a {@link ValidateRequestJson} → `200` {@link ValidateResponseJson},
 *   or a 4xx/5xx {@link BackendErrorJson}.
 * - `GET` or `POST {basePath}/coverage` → `200` {@link CoverageResponseJson}: whose network the
 *   request's client IP is on, before anything is signed.
 * - `POST {basePath}/report` with a {@link ReportRequestJson} (as `text/plain`, so a beacon can send
 *   it) → `204`: what getMobile answered the browser, which the backend otherwise never sees.
 */
import type { GetMobileRequest } from './fields.js';
import type { ResultCategory } from './result-codes.js';

/** Path of the sign endpoint below the kit's `basePath`. */
export const BACKEND_SIGN_PATH = '/sign';
/** Path of the validate endpoint below the kit's `basePath`. */
export const BACKEND_VALIDATE_PATH = '/validate';
/** Path of the coverage endpoint below the kit's `basePath`. */
export const BACKEND_COVERAGE_PATH = '/coverage';
/** Path of the report endpoint below the kit's `basePath`. */
export const BACKEND_REPORT_PATH = '/report';

/** Body of `POST {basePath}/sign`; may be empty. Only keys the backend allow-lists are accepted. */
export interface SignRequestJson {
	/** Values for the platform's `expandParams`, keyed by parameter name. */
	expandParams?: Record<string, string>;
	/** Present when the user agreed first (`<cmcc-uaid consent>`, `start({ consent })`); absent otherwise. */
	consent?: ConsentJson;
}

/**
 * The user's agreement, sent with sign and validate when the page asked for it. Aliyun's UAID
 * resale takes a `UserGrantId` for it (PROTOCOL.md § 6.1); the kit makes that id, not the page.
 */
export interface ConsentJson {
	/** The version of the policy the user agreed to (`consent-version`), at most {@link MAX_CONSENT_VERSION_LENGTH} printable characters. */
	version?: string;
}

/** Longest consent version accepted: a date or a number names a policy version; 64 leaves room and keeps log lines short. */
export const MAX_CONSENT_VERSION_LENGTH = 64;

/** A consent version both ends accept: 1 to 64 printable characters, not starting with a space (it reaches log lines and databases). */
export function isWellFormedConsentVersion(value: unknown): value is string {
	return typeof value === 'string' && value.length <= MAX_CONSENT_VERSION_LENGTH && /^[^\p{C}\s][^\p{C}]*$/u.test(value);
}

/** Answer of `POST {basePath}/sign`: exactly the body the browser posts to getMobile. */
export type SignResponseJson = GetMobileRequest;

/** Body of `POST {basePath}/validate`. */
export interface ValidateRequestJson {
	/** The token getMobile returned. */
	token: string;
	/** The traceId of the signed getMobile request that produced the token. */
	traceId: string;
	/** Present when the user agreed first; the kit hands it to `onUaid` as `context.consent`. */
	consent?: ConsentJson;
}

/**
 * Success answer of `POST {basePath}/validate`: the traceId, the UAID unless the backend keeps it
 * (`exposeUaid: false`), and whatever fields the backend's `onUaid` hook added.
 */
export interface ValidateResponseJson {
	/** 64 lower-case hex characters; absent when the backend does not expose it. */
	uaid?: string;
	traceId: string;
	[field: string]: unknown;
}

/**
 * Whose network a client IP (or a getMobile answer's `msisdnOwner`) is on. `china-mobile`: China
 * Mobile in mainland China, so UAID *may* work — only on its cellular data, and a China Mobile home
 * broadband address is China Mobile's too. `china-unicom`, `china-telecom`: the other two mainland
 * carriers, where UAID cannot work but their own number services may (route those users there).
 * `other`: none of the three, or abroad: UAID cannot work. `unknown`: a private or loopback
 * address, one the database does not know, or no classifier.
 */
export type Carrier = (typeof CARRIERS)[number];

/** Every {@link Carrier}. */
export const CARRIERS = ['china-mobile', 'china-unicom', 'china-telecom', 'other', 'unknown'] as const;

/** The three mainland carriers a getMobile answer can name (`msisdnOwner` CM / CU / CT). */
export type MobileCarrier = Extract<Carrier, 'china-mobile' | 'china-unicom' | 'china-telecom'>;

/** Answer of `GET`/`POST {basePath}/coverage`. */
export interface CoverageResponseJson {
	carrier: Carrier;
}

/** What the browser met at getMobile when no resultCode came back: the client's own codes for it. */
export const GET_MOBILE_FAILURES = ['network', 'timeout', 'http-error', 'invalid-response'] as const;

export type GetMobileFailure = (typeof GET_MOBILE_FAILURES)[number];

/**
 * Body of `POST {basePath}/report`: one getMobile call's outcome, reported by the browser. Nothing
 * in it identifies the user (no token, no UAID, no address): the traceId only ties it to a sign.
 */
export interface ReportRequestJson {
	/** The traceId of the signed request the browser posted to getMobile. */
	traceId: string;
	/** getMobile's resultCode (six digits, `103000` for a token), or a {@link GetMobileFailure} when none came back. */
	code: string;
	/** The data connection's carrier as getMobile named it (`msisdnOwner`), when it did. */
	carrier?: Carrier;
	/** getMobile's round trip in whole milliseconds, as the browser measured it. */
	durationMs: number;
}

/** Error codes the backend reports of its own, on top of the platform's result categories. */
const BACKEND_OWN_ERROR_CODES = [
	'replayed-trace',
	'unknown-trace',
	'origin-not-allowed',
	'rate-limited',
	'bad-request',
	'payload-too-large',
	'method-not-allowed',
	'not-found',
	'timeout',
	'platform-unreachable',
	'validate-outcome-unknown',
	'store-unavailable',
	'store-full',
	'integrator-failed',
	'internal-error',
] as const;

/** The platform result categories a backend error can carry (every category except `ok`). */
const BACKEND_PLATFORM_ERROR_CODES = [
	'not-cellular',
	'app-config',
	'rate-limited',
	'token-expired',
	'bad-request',
	'platform-error',
] as const satisfies readonly Exclude<ResultCategory, 'ok'>[];

/**
 * Every stable `error.code` the backend can answer with. Switch on it, never on `message`.
 * The meaning, HTTP status and advice of each code are in `docs/server.md`.
 */
export type BackendErrorCode = (typeof BACKEND_OWN_ERROR_CODES)[number] | (typeof BACKEND_PLATFORM_ERROR_CODES)[number];

/** All backend error codes, without duplicates. */
// Pure: a bundle that never reads the list (the browser's) drops it rather than building it.
export const BACKEND_ERROR_CODES: readonly BackendErrorCode[] = /* @__PURE__ */ Object.freeze([
	...new Set<BackendErrorCode>([...BACKEND_PLATFORM_ERROR_CODES, ...BACKEND_OWN_ERROR_CODES]),
]);

/** Error answer of either endpoint (any 4xx/5xx status). */
export interface BackendErrorJson {
	error: {
		code: BackendErrorCode;
		/** English, for logs and developers; not meant for end users. */
		message: string;
		/** The platform's resultCode, when the platform answered with one. */
		platformCode?: string;
		/** Whether starting the flow again (a new sign and token), with nothing else changed, may succeed. */
		retryable: boolean;
	};
}

/**
 * The `error` of a parsed JSON value that has the shape of a {@link BackendErrorJson} and a code
 * from the table; undefined for anything else (a proxy's JSON, a backend of another version).
 */
export function readBackendError(value: unknown): BackendErrorJson['error'] | undefined {
	const error = (value as { error?: Partial<Record<keyof BackendErrorJson['error'], unknown>> } | null)?.error;
	if (typeof error !== 'object' || error === null) return undefined;
	const { code, message, retryable, platformCode } = error;
	// The two lists rather than BACKEND_ERROR_CODES, so a browser bundle does not build the merged one.
	const known =
		(BACKEND_OWN_ERROR_CODES as readonly unknown[]).includes(code) || (BACKEND_PLATFORM_ERROR_CODES as readonly unknown[]).includes(code);
	return known &&
		typeof message === 'string' &&
		typeof retryable === 'boolean' &&
		(platformCode === undefined || typeof platformCode === 'string')
		? (error as BackendErrorJson['error'])
		: undefined;
}
