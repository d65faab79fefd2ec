import type { KeyObject } from 'node:crypto';
import type { BackendErrorCode, Carrier } from '../../protocol/index.js';
import type { SignatureAlgorithm } from '../../protocol/node/index.js';
import type { ClientIpSource } from './client-ip.js';
import type { RateLimitOptions } from './rate-limit-options.js';

export type { RateLimitOptions } from './rate-limit-options.js';
import type { CoverageClassifier } from '../coverage/coverage.js';
import type { OnUaidHook } from './on-uaid.js';
import type { ReportedGetMobile } from './reported-get-mobile.js';
import type { UaidStore } from '../stores/store.js';
import type { ValidateAttemptEvent } from '../platform/validate-token.js';

/** One structured log line. Never carries the appKey, the private key, a full token or a UAID. */
export interface UaidLogEvent {
	/**
	 * `error`: an answer of HTTP 500 or more (`app-config`, `timeout`, `store-unavailable`, …), or a
	 * page's report of an `app-config` code at getMobile (130018: the appKey);
	 * `warn`: something to look at (`origin-not-allowed`, `unknown-trace`, a platform call whose
	 * connection failed, a platform code in no table, a page's report of any other getMobile
	 * failure); `info`: the rest, successes included, and a reported failure whose code was a
	 * warning or error within the last minute (so the console has one line per code per minute).
	 */
	level: 'info' | 'warn' | 'error';
	/** The event as one line of English with the fix where there is one, the traceId masked: what the default logger prints. */
	message: string;
	/** `sign` / `validate` / `coverage` / `report`: a request was answered; `platform`: one call to imeiTokenValidate ended. */
	stage: 'sign' | 'validate' | 'coverage' | 'report' | 'platform';
	traceId?: string;
	/** HTTP status the kit answered with (`sign`, `validate`, `coverage`, `report`). */
	status?: number;
	/**
	 * The HTTP status the platform answered with, when its answer was not its JSON (`platform` stage, and a validate that failed on such an
	 * answer).
	 */
	httpStatus?: number;
	/**
	 * The transport's error code (`ECONNREFUSED`, `ENOTFOUND`, …) when the platform could not be reached (`platform` stage, and a validate
	 * that failed so).
	 */
	errorCode?: string;
	/** The stable error code, when the answer was an error. */
	code?: BackendErrorCode;
	/** The platform's resultCode, when it answered. */
	platformCode?: string;
	/**
	 * `platform` stage: the platform's code is in no table of the catalogue (see `detail` for its resultDesc). Worth an alert:
	 * nobody has documented what it means.
	 */
	unknownPlatformCode?: true;
	durationMs: number;
	clientIp?: string;
	origin?: string;
	/** The token masked to its first 7 and last 4 characters. */
	token?: string;
	/** `platform` stage: which call (1 = first) and what became of it. */
	attempt?: ValidateAttemptEvent['attempt'];
	outcome?: ValidateAttemptEvent['outcome'];
	/** `coverage` stage: the carrier answered. */
	carrier?: Carrier;
	/** `sign` and `validate` stages: the policy version the page's consent named. */
	consentVersion?: string;
	/** `validate` stage: the id of the consent handed to `onUaid` as `context.consent.grantId`. */
	grantId?: string;
	/** `report` stage: the getMobile outcome the page reported. */
	getMobile?: ReportedGetMobile;
	/**
	 * For `internal-error`, `store-unavailable` and `integrator-failed`: the underlying error's message (for `integrator-failed`, what
	 * `onUaid` threw); with `unknownPlatformCode`, or a validate the platform refused: the platform's resultDesc; `coverage` stage: what
	 * the classifier threw (the answer was `unknown`).
	 */
	detail?: string;
}

/** The fields of a {@link UaidLogEvent}, as a level logger receives them next to the message. */
export type UaidLogFields = Omit<UaidLogEvent, 'level' | 'message'>;

/** A logger with a method per level, such as pino's or the console: each event goes to its level's method as `(fields, message)`. */
export interface UaidLevelLogger {
	info(fields: UaidLogFields, message: string): void;
	warn(fields: UaidLogFields, message: string): void;
	error(fields: UaidLogFields, message: string): void;
}

export interface UaidHandlerOptions {
	/** The application id from China Mobile's open platform. @example '300011580392' */
	appId: string;
	/** The appkey from the open platform; signs getMobile requests. Never logged or returned. @example process.env.UAID_APP_KEY */
	appKey: string;
	/**
	 * RSA private key whose public half is registered at the open platform: Base64 PKCS#8 DER (what
	 * `cmcc-uaid keygen` and the vendor's RsaUtils write), PEM, or a KeyObject.
	 * @example process.env.UAID_PRIVATE_KEY
	 */
	privateKey: string | KeyObject;
	/**
	 * Digest of the imeiTokenValidate signature: `md5` is the vendor's `MD5withRSA`; check the
	 * `SIGNATURE_ALGORITHM` constant of the RsaUtils you were given.
	 * @default 'md5'
	 * @example 'sha256'
	 */
	signatureAlgorithm?: SignatureAlgorithm;
	/**
	 * imeiTokenValidate URL; the simulator's in tests. A bare origin (`http://127.0.0.1:4010`) is the
	 * platform's base and gets the guide's path, as doctor's `--platform-url` does; anything but an
	 * absolute http(s) URL is `invalid-option`.
	 * @default 'https://www.cmpassport.com/NumberAbility/h5/imeiTokenValidate.htm'
	 * @example 'http://127.0.0.1:4010/NumberAbility/h5/imeiTokenValidate.htm'
	 */
	validateUrl?: string;
	/**
	 * Page origins (scheme://host[:port], no trailing slash) allowed to call the endpoints from a
	 * browser. The backend's own origin is always allowed (see `publicOrigin`). A request without `Origin` follows `requireOrigin`.
	 * @default []
	 * @example ['https://m.example.com']
	 */
	allowedOrigins?: readonly string[];
	/**
	 * Refuse requests that carry no `Origin` header. Browsers send it on every POST, so only
	 * non-browser clients lack it — and those can forge it, so refusing them stops little.
	 * @default false
	 * @example true
	 */
	requireOrigin?: boolean;
	/**
	 * The backend's own public origin, always allowed like an `allowedOrigins` entry. Without it the
	 * own origin is read from the `Host` header (never from the request line). Set it when the
	 * backend is served over plain HTTP (where DNS rebinding can present any Host) or behind a
	 * proxy that rewrites Host; then Host is not consulted at all.
	 * @default undefined (read from the Host header)
	 * @example 'https://m.example.com'
	 */
	publicOrigin?: string;
	/**
	 * Path prefix of the endpoints: `{basePath}/sign`, `{basePath}/validate`, `{basePath}/coverage` and `{basePath}/report`.
	 * @default '/uaid'
	 * @example '/api/uaid'
	 */
	basePath?: string;
	/**
	 * `expandParams` keys the browser may supply to sign; anything else is `bad-request`.
	 * @default []
	 * @example ['channel']
	 */
	allowedExpandParams?: readonly string[];
	/**
	 * Replay-protection and rate-limit store. The default lives in this process only: with several
	 * instances behind a load balancer, use {@link createRedisStore}.
	 * @default createMemoryStore()
	 * @example createRedisStore(new Redis(process.env.REDIS_URL))
	 */
	store?: UaidStore;
	/**
	 * How long a traceId issued by sign may be validated. The expiry is written into the traceId
	 * itself (under a MAC, see `traceSecret`), so sign stores nothing.
	 * @default 300_000 (the token lifetime the guide states)
	 * @example 120_000
	 */
	traceTtlMs?: number;
	/**
	 * The secret (≥ 16 bytes) the traceId's MAC key is derived from by HKDF-SHA256. Instances behind
	 * one load balancer need the same one, as they share the appKey. Changing it refuses the traceIds
	 * signed before, for at most `traceTtlMs`.
	 * @default the appKey
	 * @example process.env.UAID_TRACE_SECRET
	 */
	traceSecret?: string | Uint8Array;
	/**
	 * Rate limit of sign per client IP (coverage has a budget as large of its own, so it never spends
	 * a visitor's signs; reports (`{basePath}/report`) have one too), or `false` to switch it off (e.g. when a gateway does it).
	 * @default { limit: 600, windowMs: 60_000 }
	 * @example { limit: 1200 }
	 */
	rateLimit?: RateLimitOptions | false;
	/**
	 * Where the client IP comes from: the connection (`'socket'`, set by {@link toNodeListener}),
	 * a header written by a trusted proxy (`hops`, an integer from 1 to 10, counted from the right;
	 * a port the proxy appended is dropped, and an entry that is no IP counts as `unknown`, with one
	 * console warning), or a function. Runtimes
	 * without the Node adapter (Next.js, Deno, Bun) have no socket address: set a header or function
	 * there, or every client shares one bucket.
	 * @default 'socket'
	 * @example { header: 'x-forwarded-for', hops: 1 }
	 */
	clientIp?: ClientIpSource;
	/**
	 * Time allowed for one imeiTokenValidate call.
	 * @default 5000
	 * @example 3000
	 */
	timeoutMs?: number;
	/**
	 * Extra imeiTokenValidate calls after a connection failure with no answer.
	 * @default 1
	 * @example 0
	 */
	retries?: number;
	/**
	 * Largest request body accepted, in bytes.
	 * @default 4096
	 * @example 8192
	 */
	maxBodyBytes?: number;
	/**
	 * Where the kit's log events go: by default `warn` and `error` events to the console, one line
	 * each (`cmcc-uaid: validate answered 502 app-config, platform 110004, …`). A function receives
	 * every event; a logger with `info`, `warn` and `error` methods (`pino()` as it is) receives each
	 * as `(fields, message)` at its level; `false` logs nothing. Called synchronously; what it throws
	 * is reported on the console and changes no answer.
	 * @default the console, warnings and errors only
	 * @example pino()
	 */
	logger?: ((event: UaidLogEvent) => void) | UaidLevelLogger | false;
	/**
	 * A fetch to call the platform with instead of the built-in transport (undici's `request` over a
	 * keep-alive pool): a runtime's own, a proxy-aware one, a test double.
	 * @default none (undici request)
	 * @example undiciFetch
	 */
	fetch?: typeof globalThis.fetch;
	/**
	 * Your step with the UAID, on the server: called once after each successful imeiTokenValidate,
	 * before the kit answers, never for a failed, refused or replayed validate. Bind the UAID to your
	 * session here rather than trusting a value the page posts back. It may return
	 * {@link UaidAnswerExtras}: `body` fields are added to the validate answer (the page gets them as
	 * `data`), `headers` to the answer (e.g. `'set-cookie': [session, csrf]`).
	 *
	 * `context.request` has the request's URL, method and headers (cookies included); its body was
	 * read by the kit already. If the hook throws, rejects or returns something else than
	 * `{ body?, headers? }` of JSON fields and string headers, the answer is `integrator-failed`
	 * (HTTP 500, not retryable): the UAID was obtained but your step failed, and the token is spent.
	 * @default none
	 * @example async ({ uaid }, { request }) => ({ headers: { 'set-cookie': await openSession(uaid, request) } })
	 */
	onUaid?: OnUaidHook;
	/**
	 * Time allowed for `onUaid` to settle; past it the answer is `integrator-failed`, so a hung call
	 * cannot hold the connection forever (the hook is not stopped: give its calls their own timeouts).
	 * @default 10_000
	 * @example 3_000
	 */
	onUaidTimeoutMs?: number;
	/**
	 * Whether the validate answer carries the UAID. `false` answers `{ traceId, ...body }`: the page
	 * (and every script on it) learns only what `onUaid` chose to tell it. A UAID is a device
	 * identifier, personal information under China's PIPL: keep it on the server when you can.
	 * @default true
	 * @example false
	 */
	exposeUaid?: boolean;
	/**
	 * Classifies the client IP (read as `clientIp` says) by carrier for `GET`/`POST {basePath}/coverage`,
	 * so a page can offer its fallback (SMS, password) before the tap when UAID cannot work.
	 * {@link ip2regionCoverage} is one over the ip2region database. If it throws, rejects or returns
	 * something else than a {@link Carrier}, the answer is `unknown` (a page then keeps its button)
	 * and the failure goes to `logger` (to the console without one). It is not called when the
	 * client IP is unknown.
	 * @default none (every answer is `unknown`)
	 * @example ip2regionCoverage()
	 */
	coverage?: CoverageClassifier;
}
