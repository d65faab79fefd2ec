import type { KeyObject } from 'node:crypto';
import type { BackendErrorCode, Carrier } from '../../protocol/index.js';
import type { SignatureAlgorithm } from '../../protocol/node/index.js';
import type { ClientIpSource } from './client-ip.js';
import type { CoverageClassifier } from '../coverage/coverage.js';
import type { OnUaidHook } from './on-uaid.js';
import type { UaidStore } from '../stores/store.js';
import type { ValidateAttemptEvent } from '../platform/validate-token.js';

/** One structured log line. Never carries the appKey, the private key, a full token or a UAID. */
export interface UaidLogEvent {
	/**
	 * `error`: an answer of HTTP 500 or more (`app-config`, `timeout`, `store-unavailable`, …);
	 * `warn`: something to look at (`origin-not-allowed`, `unknown-trace`, a platform call whose
	 * connection failed, a platform code in no table); `info`: the rest, successes included.
	 */
	level: 'info' | 'warn' | 'error';
	/** The event as one line of English with the fix where there is one, the traceId masked: what the default logger prints. */
	message: string;
	/** `sign` / `validate` / `coverage`: a request was answered; `platform`: one call to imeiTokenValidate ended. */
	stage: 'sign' | 'validate' | 'coverage' | 'platform';
	traceId?: string;
	/** HTTP status the kit answered with (`sign`, `validate`, `coverage`). */
	status?: number;
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
	/**
	 * For `internal-error`, `store-unavailable` and `integrator-failed`: the underlying error's message (for `integrator-failed`,
	 * what `onUaid` threw); with `unknownPlatformCode`, or a validate the platform refused: the platform's resultDesc; `coverage`
	 * stage: what the classifier threw (the answer was `unknown`).
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

/** The `rateLimit` option: how many sign and coverage requests one client IP may make per window. */
export interface RateLimitOptions {
	/**
	 * Sign requests allowed per client IP per window. Mobile carriers put many subscribers behind
	 * one address (carrier-grade NAT), so this is far above one person's use; it exists so that
	 * the sign endpoint cannot be used to burn the app's platform quota.
	 * @default 600
	 * @example 1200
	 */
	limit?: number;
	/**
	 * Window length.
	 * @default 60_000
	 * @example 60_000
	 */
	windowMs?: number;
	/**
	 * IPv6 clients are counted per network of this many leading bits: a subscriber usually gets a
	 * whole /64 and can use a new address in it for every request. IPv4 clients are counted per address.
	 * @default 64
	 * @example 56
	 */
	ipv6PrefixLength?: number;
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
	 * imeiTokenValidate URL; the simulator's in tests.
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
	 * Path prefix of the endpoints: `{basePath}/sign`, `{basePath}/validate` and `{basePath}/coverage`.
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
	 * How long a traceId issued by sign may be validated.
	 * @default 300_000 (the token lifetime the guide states)
	 * @example 120_000
	 */
	traceTtlMs?: number;
	/**
	 * Rate limit of sign (and coverage, counted with it) per client IP, or `false` to switch it off (e.g. when a gateway does it).
	 * @default { limit: 600, windowMs: 60_000 }
	 * @example { limit: 1200 }
	 */
	rateLimit?: RateLimitOptions | false;
	/**
	 * Where the client IP comes from: the connection (`'socket'`, set by {@link toNodeListener}),
	 * a header written by a trusted proxy (`hops` counted from the right), or a function. Runtimes
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
