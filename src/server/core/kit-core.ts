import { BACKEND_COVERAGE_PATH, BACKEND_SIGN_PATH, BACKEND_VALIDATE_PATH, signGetMobileRequest, type CoverageResponseJson, type SignResponseJson, type ValidateResponseJson } from '../../protocol/index.js';
import { classifyClientIp } from '../coverage/coverage.js';
import { readSignBody, readValidateBody } from './endpoint-bodies.js';
import { isPlatformResultError, isUaidServerError, RequestRejectedError, StoreError, UaidServerError } from '../errors/index.js';
import type { HandlerSettings } from './handler-options.js';
import { errorAnswer, isAnswerableError, jsonAnswer, type AnswerableError, type KitAnswer } from './json-response.js';
import { maskToken } from '../../protocol/mask-token.js';
import type { UaidLogFields } from './options.js';
import { checkOrigin, preflightHeaders } from './origin-policy.js';
import { runOnUaid } from './on-uaid.js';
import { parseJsonBody } from './request-body.js';
import { rateLimitKey } from './rate-limit-key.js';
import { loadOtelApi } from '../telemetry/otel-api.js';
import { startRequestTelemetry } from '../telemetry/request-telemetry.js';
import { validateWithSettings } from '../platform/validate-token.js';

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

/** The methods an endpoint answers, besides OPTIONS: sign and validate change state, so POST only; coverage only asks, so a GET too. */
const POST_ONLY: EndpointMethods = { accepts: ['POST'], allow: 'POST, OPTIONS' };
const GET_OR_POST: EndpointMethods = { accepts: ['GET', 'POST'], allow: 'GET, POST, OPTIONS' };

interface EndpointMethods {
	readonly accepts: readonly string[];
	/** The `Allow` header: the methods and OPTIONS. */
	readonly allow: string;
}

/** The sign, validate and coverage endpoints over settled options. */
export function createKitCore(settings: HandlerSettings): KitCore {
	const { appId, appKey, store, rateLimit, logger: log } = settings;
	const signPath = settings.basePath + BACKEND_SIGN_PATH;
	const validatePath = settings.basePath + BACKEND_VALIDATE_PATH;
	// Started now, so the first request rarely waits for it; absent, it settles as undefined.
	const otelApi = loadOtelApi();
	const coveragePath = settings.basePath + BACKEND_COVERAGE_PATH;

	async function readJson(request: KitRequest): Promise<unknown> {
		// body() refuses an announced oversized body itself, before reading any of it.
		return parseJsonBody(await request.body());
	}

	/** One request on the sign rate limit (sign and coverage share it). @throws {RequestRejectedError} `rate-limited` */
	async function countSign(request: KitRequest, event: UaidLogFields): Promise<void> {
		if (!rateLimit) return;
		const ip = request.clientIp();
		event.clientIp = ip;
		const count = await storeCall(() => store.hit(`sign:${rateLimitKey(ip, rateLimit.ipv6PrefixLength)}`, rateLimit.windowMs));
		if (count > rateLimit.limit) {
			throw new RequestRejectedError('rate-limited', `More than ${rateLimit.limit} sign and coverage requests from this client IP in ${Math.round(rateLimit.windowMs / 1000)} s.`);
		}
	}

	async function sign(request: KitRequest, allowed: string | undefined, event: UaidLogFields): Promise<KitAnswer> {
		await countSign(request, event);
		const expandParams = readSignBody(await readJson(request), settings.allowedExpandParams);
		const body: SignResponseJson = signGetMobileRequest({ appId, appKey, expandParams });
		event.traceId = body.traceId;
		await storeCall(() => store.issueTrace(body.traceId, settings.traceTtlMs));
		return jsonAnswer(200, body, allowed);
	}

	async function validate(request: KitRequest, allowed: string | undefined, event: UaidLogFields): Promise<KitAnswer> {
		// Everything about the request is checked before the traceId is consumed, so a malformed request burns nothing.
		const { token, traceId } = readValidateBody(await readJson(request));
		event.traceId = traceId;
		event.token = maskToken(token);
		const state = await storeCall(() => store.consumeTrace(traceId));
		if (state === 'replayed') throw new RequestRejectedError('replayed-trace', 'This traceId was validated before; sign again for a new attempt.');
		if (state === 'unknown') throw new RequestRejectedError('unknown-trace', 'This traceId was not issued by sign or has expired.');
		const { uaid } = await validateWithSettings(settings.platform, {
			token,
			onAttempt: (attempt) => {
				event.platformCode = attempt.platformCode;
				if (!log) return;
				const line: UaidLogFields = { stage: 'platform', traceId, token: maskToken(token), attempt: attempt.attempt, outcome: attempt.outcome, durationMs: attempt.durationMs, platformCode: attempt.platformCode };
				if (attempt.unknownPlatformCode) {
					line.unknownPlatformCode = true;
					line.detail = (attempt.platformDesc ?? '').slice(0, 200);
				}
				log(line);
			},
		});
		if (!settings.onUaid) return jsonAnswer(200, settings.exposeUaid ? { uaid, traceId } : { traceId }, allowed);
		// The integrator's step: never retried, and whatever it does becomes this one answer (the traceId is spent already).
		const clientIp = event.clientIp ?? request.clientIp();
		event.clientIp = clientIp;
		const origin = request.header('origin');
		const extras = await runOnUaid(settings.onUaid, { uaid, traceId }, { request: request.fetchRequest(), clientIp, ...(origin ? { origin } : {}) });
		const answer: ValidateResponseJson = { ...extras.body, ...(settings.exposeUaid ? { uaid } : {}), traceId };
		const { headers, ...rest } = jsonAnswer(200, answer, allowed);
		for (const [name, values] of extras.headers) headers[name] = values;
		return { ...rest, headers };
	}

	/** The client IP's carrier: no body read, no platform call, no traceId; a failing classifier answers `unknown` and is logged. */
	async function coverage(request: KitRequest, allowed: string | undefined, event: UaidLogFields): Promise<KitAnswer> {
		await countSign(request, event);
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

	return async (request) => {
		const started = Date.now();
		const { pathname } = request;
		const stage = pathname === signPath ? 'sign' : pathname === validatePath ? 'validate' : pathname === coveragePath ? 'coverage' : undefined;
		const methods = stage === 'coverage' ? GET_OR_POST : POST_ONLY;
		const event: UaidLogFields = { stage: stage ?? 'sign', durationMs: 0 };
		const origin = request.header('origin');
		if (origin) event.origin = origin.slice(0, 200);
		// One span per POST to an endpoint, preflights and wrong methods aside.
		const api = (stage === 'sign' || stage === 'validate') && request.method === 'POST' ? await otelApi : undefined;
		const telemetry = api && (stage === 'sign' || stage === 'validate') ? startRequestTelemetry(api, stage, pathname, (name) => request.header(name)) : undefined;
		let allowed: string | undefined;
		let response: KitAnswer;
		try {
			if (!stage) throw new RequestRejectedError('not-found', `No endpoint at ${pathname.slice(0, 200)}; use POST ${signPath}, POST ${validatePath} or GET ${coveragePath}.`);
			allowed = checkOrigin(origin, () => request.ownOrigin(), settings.originPolicy);
			if (request.method === 'OPTIONS') {
				// A preflight is only meaningful from a page; without Origin there is nothing to allow.
				return { status: 204, headers: allowed ? preflightHeaders(allowed, methods.allow) : { allow: methods.allow }, body: undefined };
			}
			if (!methods.accepts.includes(request.method)) throw new RequestRejectedError('method-not-allowed', `${request.method.slice(0, 20)} is not allowed on ${pathname}; use ${methods.accepts.join(' or ')}.`);
			const endpoint = stage === 'sign' ? sign : stage === 'validate' ? validate : coverage;
			response = await (telemetry ? telemetry.run(() => endpoint(request, allowed, event)) : endpoint(request, allowed, event));
		} catch (caught) {
			// invalid-option is a start-up error: met here, it is the kit's own failure.
			const error = isAnswerableError(caught) ? caught : (new UaidServerError('internal-error', 'The backend failed unexpectedly.', { cause: caught }) as AnswerableError);
			if (error.code === 'internal-error' || error.code === 'store-unavailable' || error.code === 'integrator-failed') {
				const cause = (error as { cause?: unknown }).cause;
				event.detail = cause instanceof Error ? cause.message : String(cause);
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
			telemetry?.end(response.status, event);
			log?.(event);
		}
		return response;
	};
}
