import { randomUUID } from 'node:crypto';
import {
	BACKEND_COVERAGE_PATH,
	BACKEND_REPORT_PATH,
	BACKEND_SIGN_PATH,
	BACKEND_VALIDATE_PATH,
	signGetMobileRequest,
	type CoverageResponseJson,
	type SignResponseJson,
	type ValidateResponseJson,
} from '../../protocol/index.js';
import { classifyClientIp } from '../coverage/coverage.js';
import { readConsent, readReportBody, readSignBody, readValidateBody } from './endpoint-bodies.js';
import { isPlatformResultError, isUaidServerError, RequestRejectedError, StoreError, UaidServerError } from '../errors/index.js';
import type { HandlerSettings } from './handler-options.js';
import { emptyAnswer, errorAnswer, isAnswerableError, jsonAnswer, type AnswerableError, type KitAnswer } from './json-response.js';
import { maskToken } from '../../protocol/mask-token.js';
import type { UaidLogFields } from './options.js';
import { checkOrigin, preflightHeaders, refuseForeignWithoutOrigin } from './origin-policy.js';
import { redactUaid } from '../logging/redact-uaid.js';
import { runOnUaid, type UaidConsent } from './on-uaid.js';
import { parseJsonBody } from './request-body.js';
import { rateLimitKey } from './rate-limit-key.js';
import { loadOtelApi } from '../telemetry/otel-api.js';
import { startRequestTelemetry } from '../telemetry/request-telemetry.js';
import { countGetMobileOutcome } from '../telemetry/get-mobile-telemetry.js';
import { validateWithSettings } from '../platform/validate-token.js';
import { errorCauseCode } from '../errors/error-cause-code.js';
import { createOncePerWindow } from '../logging/once-per-window.js';
import { readReportedGetMobile } from './reported-get-mobile.js';

/**
 * A request as the kit's core reads it. The Fetch handler builds one from a `Request`; the Node
 * adapter builds one straight from `IncomingMessage`, so on Node no `Request`/`Response` (and no
 * WHATWG stream) is made per call.
 */
export interface KitRequest {
	readonly method: string;
	/** The path, without the query, normalised as `new URL()` would. */
	readonly pathname: string;
	/** A request header by lower-case name, or null. */
	header(name: string): string | null;
	/**
	 * The backend's own origin (scheme://host) from the Host header, never the request line; asked for only when Origin is not in
	 * the list.
	 */
	ownOrigin(): string | undefined;
	/**
	 * The body, at most the handler's `maxBodyBytes` (Content-Length is checked first).
	 * @throws {RequestRejectedError} `payload-too-large`, `bad-request`
	 */
	body(): Promise<Uint8Array>;
	/** The client IP for the rate limit, read as the handler's `clientIp` option says. */
	clientIp(): string;
	/** URL, method and headers as a Fetch `Request` (its body already read by the core), for `onUaid`; built only when asked for. */
	fetchRequest(): Request;
}

/** The kit itself, whatever runtime delivered the request: a plain request in, a plain answer out. */
export type KitCore = (request: KitRequest) => Promise<KitAnswer>;

/** A store call; whatever it throws or rejects with becomes `store-unavailable`. */
async function storeCall<T>(work: () => Promise<T>): Promise<T> {
	try {
		return await work();
	} catch (cause) {
		// A store that refuses on purpose (store-full) says so with a kit error: the memory store's
		// StoreError, or the UaidServerError a custom store can make with the public class.
		if (isUaidServerError(cause) && (cause.code === 'store-full' || cause.code === 'store-unavailable')) throw cause;
		throw new StoreError('store-unavailable', 'The replay/rate-limit store failed.', { cause });
	}
}

/** What one request learned that its log line and span must not carry. */
interface RequestScope {
	uaid?: string;
}

const UNKNOWN_TRACE = {
	malformed: 'This traceId was not issued by sign: it is not 32 lowercase hex.',
	forged: "This traceId was not issued by this backend's sign for this page's origin (or under another appKey / traceSecret).",
	expired: 'This traceId has expired (traceTtlMs); sign again.',
} as const;

/** The methods an endpoint answers, besides OPTIONS: sign and validate change state, so POST only; coverage only asks, so a GET too. */
const POST_ONLY: EndpointMethods = { accepts: ['POST'], allow: 'POST, OPTIONS' };
const GET_OR_POST: EndpointMethods = { accepts: ['GET', 'POST'], allow: 'GET, POST, OPTIONS' };

interface EndpointMethods {
	readonly accepts: readonly string[];
	/** The `Allow` header: the methods and OPTIONS. */
	readonly allow: string;
}

/** A failure code reported by pages is a warning at most this often; its repeats in between are `info`. */
const REPORT_WARNING_WINDOW_MS = 60_000;

/** The sign, validate, coverage and report endpoints over settled options. */
export function createKitCore(settings: HandlerSettings): KitCore {
	const { appId, appKey, store, rateLimit, logger: log } = settings;
	const signPath = settings.basePath + BACKEND_SIGN_PATH;
	const validatePath = settings.basePath + BACKEND_VALIDATE_PATH;
	// Started now, so the first request rarely waits for it; absent, it settles as undefined.
	const otelApi = loadOtelApi();
	const coveragePath = settings.basePath + BACKEND_COVERAGE_PATH;
	const reportPath = settings.basePath + BACKEND_REPORT_PATH;
	const reportWarnings = createOncePerWindow(REPORT_WARNING_WINDOW_MS);

	async function readJson(request: KitRequest): Promise<unknown> {
		// body() refuses an announced oversized body itself, before reading any of it.
		return parseJsonBody(await request.body());
	}

	/**
	 * One request on its endpoint's rate limit: sign, coverage and reports count apart, so a page that
	 * asks for coverage or reports an outcome never spends its visitors' signs.
	 * @throws {RequestRejectedError} `rate-limited`
	 */
	async function count(endpoint: 'sign' | 'coverage' | 'report', request: KitRequest, event: UaidLogFields): Promise<void> {
		if (!rateLimit) return;
		event.clientIp ??= request.clientIp();
		const ip = event.clientIp;
		const hits = await storeCall(() => store.hit(`${endpoint}:${rateLimitKey(ip, rateLimit.ipv6PrefixLength)}`, rateLimit.windowMs));
		if (hits > rateLimit.limit) {
			throw new RequestRejectedError(
				'rate-limited',
				`More than ${rateLimit.limit} ${endpoint} requests from this client IP in ${Math.round(rateLimit.windowMs / 1000)} s.`,
			);
		}
	}

	/**
	 * Whether this backend's sign issued this traceId for this page's origin and its lifetime has not
	 * ended, consumed or not: the MAC says it, so nothing is read from or written to the store. The
	 * report endpoint's check; validate makes the same one before it consumes the traceId.
	 */
	function isIssuedTrace(traceId: string, request: KitRequest): boolean {
		return settings.traceIds.check(traceId, request.header('origin') ?? '', Date.now()).valid;
	}

	/** No store write: the traceId carries its expiry and the page's origin under a MAC (trace-id.ts). */
	async function sign(request: KitRequest, allowed: string | undefined, event: UaidLogFields): Promise<KitAnswer> {
		await count('sign', request, event);
		const json = await readJson(request);
		const expandParams = readSignBody(json, settings.allowedExpandParams);
		const consentVersion = readConsent(json)?.version;
		if (consentVersion !== undefined) event.consentVersion = consentVersion;
		const traceId = settings.traceIds.issue(request.header('origin') ?? '', Date.now() + settings.traceTtlMs);
		const body: SignResponseJson = signGetMobileRequest({ appId, appKey, expandParams, traceId });
		event.traceId = traceId;
		return jsonAnswer(200, body, allowed);
	}

	async function validate(request: KitRequest, allowed: string | undefined, event: UaidLogFields, scope: RequestScope): Promise<KitAnswer> {
		// Read now: a client that hangs up during the platform call leaves no address behind.
		event.clientIp ??= request.clientIp();
		// Everything about the request is checked before the traceId is consumed, so a malformed request burns nothing.
		const json = await readJson(request);
		const { token, traceId } = readValidateBody(json);
		const consentJson = readConsent(json);
		// The server's clock when the request came in: see UaidConsent.grantedAt.
		const grantedAt = new Date().toISOString();
		if (consentJson?.version !== undefined) event.consentVersion = consentJson.version;
		event.traceId = traceId;
		event.token = maskToken(token);
		// The MAC before the store: a traceId this backend did not sign (for this page's origin) never reaches the replay set.
		const now = Date.now();
		const verdict = settings.traceIds.check(traceId, request.header('origin') ?? '', now);
		if (!verdict.valid) throw new RequestRejectedError('unknown-trace', UNKNOWN_TRACE[verdict.reason]);
		const state = await storeCall(() => store.consumeTrace(traceId, verdict.expiresAt - now));
		if (state === 'replayed')
			throw new RequestRejectedError('replayed-trace', 'This traceId was validated before; sign again for a new attempt.');
		const { uaid } = await validateWithSettings(settings.platform, {
			token,
			onAttempt: (attempt) => {
				event.platformCode = attempt.platformCode;
				event.httpStatus = attempt.httpStatus;
				event.errorCode = attempt.errorCode;
				if (!log) return;
				const line: UaidLogFields = {
					stage: 'platform',
					traceId,
					token: maskToken(token),
					attempt: attempt.attempt,
					outcome: attempt.outcome,
					durationMs: attempt.durationMs,
					platformCode: attempt.platformCode,
				};
				if (attempt.httpStatus !== undefined) line.httpStatus = attempt.httpStatus;
				if (attempt.errorCode !== undefined) line.errorCode = attempt.errorCode;
				if (attempt.unknownPlatformCode) {
					line.unknownPlatformCode = true;
					line.detail = (attempt.platformDesc ?? '').slice(0, 200);
				}
				log(line);
			},
		});
		// A grant records the consent behind a UAID obtained, so it is made only once the platform answered one.
		const consent: UaidConsent | undefined = consentJson && { ...consentJson, grantedAt, grantId: randomUUID() };
		if (consent) event.grantId = consent.grantId;
		scope.uaid = uaid;
		if (!settings.onUaid) return jsonAnswer(200, settings.exposeUaid ? { uaid, traceId } : { traceId }, allowed);
		// The integrator's step: never retried, and whatever it does becomes this one answer (the traceId is spent already).
		const { clientIp } = event;
		const origin = request.header('origin');
		const extras = await runOnUaid(
			settings.onUaid,
			{ uaid, traceId },
			{ request: request.fetchRequest(), clientIp, ...(origin ? { origin } : {}), ...(consent ? { consent } : {}) },
			settings.onUaidTimeoutMs,
		);
		const answer: ValidateResponseJson = { ...extras.body, ...(settings.exposeUaid ? { uaid } : {}), traceId };
		const { headers, ...rest } = jsonAnswer(200, answer, allowed);
		for (const [name, values] of extras.headers) headers[name] = values;
		return { ...rest, headers };
	}

	/** The client IP's carrier: no body read, no platform call, no traceId; a failing classifier answers `unknown` and is logged. */
	async function coverage(request: KitRequest, allowed: string | undefined, event: UaidLogFields): Promise<KitAnswer> {
		await count('coverage', request, event);
		event.clientIp ??= request.clientIp();
		const ip = event.clientIp;
		const { carrier, failure } = await classifyClientIp(settings.coverage, ip);
		event.carrier = carrier;
		if (failure !== undefined) {
			event.detail = `coverage failed: ${failure instanceof Error ? failure.message : String(failure)}`.slice(0, 300);
		}
		const body: CoverageResponseJson = { carrier };
		return jsonAnswer(200, body, allowed);
	}

	/**
	 * What getMobile answered a page, which the backend sees nowhere else: bound to a traceId sign
	 * issued (not consumed: validate may still come), counted, logged. The answer is empty.
	 */
	async function report(request: KitRequest, allowed: string | undefined, event: UaidLogFields): Promise<KitAnswer> {
		await count('report', request, event);
		const body = readReportBody(await readJson(request));
		event.traceId = body.traceId;
		if (!isIssuedTrace(body.traceId, request))
			throw new RequestRejectedError(
				'unknown-trace',
				'This traceId was not issued by sign or has expired: only a page that signed may report.',
			);
		const outcome = readReportedGetMobile(body);
		if (outcome.category !== 'ok') {
			const { loud, repeats } = reportWarnings.take(outcome.known ? outcome.code : 'uncatalogued');
			if (!loud) outcome.quiet = true;
			else if (repeats > 0) outcome.repeats = repeats;
		}
		event.getMobile = outcome;
		const api = await otelApi;
		if (api) countGetMobileOutcome(api, outcome);
		return emptyAnswer(204, allowed);
	}

	return async (request) => {
		const started = Date.now();
		const { pathname } = request;
		const stage =
			pathname === signPath
				? 'sign'
				: pathname === validatePath
					? 'validate'
					: pathname === coveragePath
						? 'coverage'
						: pathname === reportPath
							? 'report'
							: undefined;
		const methods = stage === 'coverage' ? GET_OR_POST : POST_ONLY;
		const event: UaidLogFields = { stage: stage ?? 'sign', durationMs: 0 };
		const scope: RequestScope = {};
		const origin = request.header('origin');
		if (origin) event.origin = origin.slice(0, 200);
		// One span per POST to an endpoint, preflights and wrong methods aside.
		const api = (stage === 'sign' || stage === 'validate') && request.method === 'POST' ? await otelApi : undefined;
		const telemetry =
			api && (stage === 'sign' || stage === 'validate')
				? startRequestTelemetry(api, stage, pathname, (name) => request.header(name))
				: undefined;
		let allowed: string | undefined;
		let response: KitAnswer;
		try {
			if (!stage)
				throw new RequestRejectedError(
					'not-found',
					`No endpoint at ${pathname.slice(0, 200)}; use POST ${signPath}, POST ${validatePath}, GET ${coveragePath} or POST ${reportPath}.`,
				);
			if (!origin) refuseForeignWithoutOrigin(request.header('sec-fetch-site'));
			allowed = checkOrigin(origin, () => request.ownOrigin(), settings.originPolicy);
			if (request.method === 'OPTIONS') {
				// A preflight is only meaningful from a page; without Origin there is nothing to allow.
				return { status: 204, headers: allowed ? preflightHeaders(allowed, methods.allow) : { allow: methods.allow }, body: undefined };
			}
			if (!methods.accepts.includes(request.method))
				throw new RequestRejectedError(
					'method-not-allowed',
					`${request.method.slice(0, 20)} is not allowed on ${pathname}; use ${methods.accepts.join(' or ')}.`,
				);
			const endpoint = stage === 'sign' ? sign : stage === 'validate' ? validate : stage === 'coverage' ? coverage : report;
			response = await (telemetry
				? telemetry.run(() => endpoint(request, allowed, event, scope))
				: endpoint(request, allowed, event, scope));
		} catch (caught) {
			// invalid-option is a start-up error: met here, it is the kit's own failure.
			const error = isAnswerableError(caught)
				? caught
				: (new UaidServerError('internal-error', 'The backend failed unexpectedly.', { cause: caught }) as AnswerableError);
			if (error.code === 'internal-error' || error.code === 'store-unavailable' || error.code === 'integrator-failed') {
				const cause = (error as { cause?: unknown }).cause;
				event.detail = cause instanceof Error ? cause.message : String(cause);
			} else if (error.code === 'origin-not-allowed') {
				// Its message names the Origin it saw and the own origin it compared with.
				event.detail = error.message;
			} else if (error.code === 'platform-unreachable') {
				event.errorCode ??= errorCauseCode((error as { cause?: unknown }).cause);
			} else if (isPlatformResultError(error) && error.resultDesc) {
				// The platform's own words tell apart the variants of one code (120010: no Origin recorded, or the wrong one).
				event.detail = error.resultDesc;
			}
			event.code = error.code;
			if (error.platformCode !== undefined) event.platformCode = error.platformCode;
			let extra: Record<string, string> | undefined;
			if (error.code === 'method-not-allowed') extra = { allow: methods.allow };
			if (error.code === 'rate-limited' && rateLimit) extra = { 'retry-after': String(Math.ceil(rateLimit.windowMs / 1000)) };
			response = errorAnswer(error, allowed, extra);
		}
		if (stage) {
			event.status = response.status;
			event.durationMs = Date.now() - started;
			// An integrator's error can quote the UAID (a duplicate-key message): no field the kit writes keeps it.
			if (scope.uaid) redactUaid(event, scope.uaid);
			telemetry?.end(response.status, event);
			log?.(event);
		}
		return response;
	};
}
