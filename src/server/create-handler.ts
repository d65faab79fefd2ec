import {
	BACKEND_SIGN_PATH,
	BACKEND_VALIDATE_PATH,
	encodeExpandParams,
	isWellFormedTraceId,
	signGetMobileRequest,
	TOKEN_TTL_SECONDS,
	type ExpandParams,
	type SignResponseJson,
	type ValidateResponseJson,
} from '../protocol/index.js';
import { readPrivateKey, SIGNATURE_ALGORITHMS } from '../protocol/node/index.js';
import { resolveClientIp, type ClientIpSource } from './client-ip.js';
import { isStoreError, isUaidServerError, RequestRejectedError, StoreError, UaidServerError } from './errors/index.js';
import { errorAnswer, jsonAnswer, toResponse, type KitAnswer } from './json-response.js';
import { maskToken } from './mask-token.js';
import { createMemoryStore } from './memory-store.js';
import type { UaidHandlerOptions, UaidLogEvent } from './options.js';
import { checkOrigin, createOriginPolicy, originFromHost, preflightHeaders } from './origin-policy.js';
import { parseJsonBody, readRequestBody } from './read-json-body.js';
import { rateLimitKey } from './rate-limit-key.js';
import { validateToken } from './validate-token.js';

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
	/** The backend's own origin (scheme://host) from the Host header, never the request line; asked for only when Origin is not in the list. */
	ownOrigin(): string | undefined;
	/**
	 * The body, at most `maxBytes` (Content-Length is checked first).
	 * @throws {RequestRejectedError} `payload-too-large`, `bad-request`
	 */
	body(maxBytes: number): Promise<Uint8Array>;
	/** The client IP for the rate limit, read as `source` says. */
	clientIp(source: ClientIpSource): string;
}

export type KitCore = (request: KitRequest) => Promise<KitAnswer>;

/** Where {@link toNodeListener} finds a handler's core. A symbol, so the core stays off the handler's documented surface. */
export const KIT_CORE: unique symbol = Symbol('cmcc-uaid kit core');

/** A Fetch-API handler (Next.js route handlers, Hono, Bun, Deno) that also knows its path prefix. */
export interface UaidHandler {
	(request: Request): Promise<Response>;
	/** The normalised `basePath`; {@link toNodeListener} passes other paths on to `next()`. */
	readonly basePath: string;
	/** The runtime-neutral core both adapters call. @internal */
	readonly [KIT_CORE]: KitCore;
}

function kitRequestOf(request: Request): KitRequest {
	let url: URL | undefined;
	try {
		url = new URL(request.url);
	} catch {
		url = undefined;
	}
	return {
		method: request.method,
		pathname: url?.pathname ?? '',
		header: (name) => request.headers.get(name),
		// A real HTTP request always has Host (HTTP/2 maps :authority to it); only a Request built
		// in-process lacks it, and then its URL is the caller's own.
		ownOrigin: () => {
			const host = request.headers.get('host');
			return host === null ? url?.origin : originFromHost(url?.protocol.slice(0, -1) ?? 'http', host);
		},
		body: (maxBytes) => readRequestBody(request, maxBytes),
		clientIp: (source) => resolveClientIp(request, source),
	};
}

/** Longest token accepted from the browser; real tokens are about 40 characters. */
const MAX_TOKEN_LENGTH = 512;
/** Longest expandParams value accepted from the browser. */
const MAX_EXPAND_VALUE_LENGTH = 256;
const TOKEN_CHARACTERS = /^[\x21-\x7e]+$/;

function normaliseBasePath(basePath: string): string {
	if (typeof basePath !== 'string' || !basePath.startsWith('/')) throw new TypeError(`basePath must start with "/", got "${String(basePath)}".`);
	return basePath.replace(/\/+$/, '');
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function requireOption(value: unknown, name: string): void {
	if (typeof value !== 'string' || value === '') throw new TypeError(`createUaidHandler: ${name} is required (a non-empty string).`);
}

/** Numeric options are checked at start-up: a typo such as `timeoutMs: -1` must not surface as a failed user request. */
function checkInteger(value: number | undefined, name: string, min: number): void {
	if (value !== undefined && (!Number.isSafeInteger(value) || value < min)) throw new RangeError(`createUaidHandler: ${name} must be an integer of at least ${min}, got ${String(value)}.`);
}

/**
 * The integrator's two endpoints as one Fetch-API handler: `POST {basePath}/sign` answers the
 * signed getMobile body; `POST {basePath}/validate` exchanges `{token, traceId}` for the UAID.
 * Every failure is the documented error JSON with a stable code.
 *
 * @example
 * const handler = createUaidHandler({ appId: '300011580392', appKey: process.env.UAID_APP_KEY!, privateKey: process.env.UAID_PRIVATE_KEY!, allowedOrigins: ['https://m.example.com'] });
 * http.createServer(toNodeListener(handler)).listen(8080);
 */
export function createUaidHandler(options: UaidHandlerOptions): UaidHandler {
	requireOption(options.appId, 'appId');
	requireOption(options.appKey, 'appKey');
	if (options.signatureAlgorithm !== undefined && !SIGNATURE_ALGORITHMS.includes(options.signatureAlgorithm)) {
		throw new TypeError(`createUaidHandler: signatureAlgorithm must be one of ${SIGNATURE_ALGORITHMS.join(', ')}.`);
	}
	checkInteger(options.timeoutMs, 'timeoutMs', 1);
	checkInteger(options.retries, 'retries', 0);
	checkInteger(options.maxBodyBytes, 'maxBodyBytes', 64);
	checkInteger(options.traceTtlMs, 'traceTtlMs', 1);
	if (options.rateLimit) {
		checkInteger(options.rateLimit.limit, 'rateLimit.limit', 1);
		checkInteger(options.rateLimit.windowMs, 'rateLimit.windowMs', 1);
		checkInteger(options.rateLimit.ipv6PrefixLength, 'rateLimit.ipv6PrefixLength', 1);
		if ((options.rateLimit.ipv6PrefixLength ?? 0) > 128) throw new RangeError(`createUaidHandler: rateLimit.ipv6PrefixLength must be at most 128, got ${options.rateLimit.ipv6PrefixLength}.`);
	}
	if (options.validateUrl !== undefined && !URL.canParse(options.validateUrl)) throw new TypeError('createUaidHandler: validateUrl must be an absolute URL.');
	// Read once now, so a bad key fails at start-up rather than on the first user's validation.
	const privateKey = readPrivateKey(options.privateKey);
	const basePath = normaliseBasePath(options.basePath ?? '/uaid');
	const originPolicy = createOriginPolicy(options.allowedOrigins, options.requireOrigin, options.publicOrigin);
	const store = options.store ?? createMemoryStore();
	const traceTtlMs = options.traceTtlMs ?? TOKEN_TTL_SECONDS * 1000;
	const rateLimit = options.rateLimit === false ? undefined : { limit: options.rateLimit?.limit ?? 600, windowMs: options.rateLimit?.windowMs ?? 60_000, ipv6PrefixLength: options.rateLimit?.ipv6PrefixLength ?? 64 };
	const clientIpSource = options.clientIp ?? 'socket';
	const maxBodyBytes = options.maxBodyBytes ?? 4096;
	const allowedExpandParams = new Set(options.allowedExpandParams ?? []);
	// What every imeiTokenValidate call shares, settled once rather than per validation.
	const platformOptions = {
		appId: options.appId,
		privateKey,
		...(options.signatureAlgorithm ? { signatureAlgorithm: options.signatureAlgorithm } : {}),
		...(options.validateUrl ? { validateUrl: options.validateUrl } : {}),
		...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
		...(options.retries !== undefined ? { retries: options.retries } : {}),
		...(options.fetch ? { fetch: options.fetch } : {}),
	};
	const signPath = basePath + BACKEND_SIGN_PATH;
	const validatePath = basePath + BACKEND_VALIDATE_PATH;

	const log = (event: UaidLogEvent): void => {
		if (!options.logger) return;
		try {
			options.logger(event);
		} catch {
			// A failing logger must never turn an answer into an error.
		}
	};

	/** A store call; whatever it throws or rejects with becomes `store-unavailable`. */
	async function storeCall<T>(work: () => Promise<T>): Promise<T> {
		try {
			return await work();
		} catch (cause) {
			// A store that refuses on purpose (store-full) says so with its own StoreError.
			if (isStoreError(cause)) throw cause;
			throw new StoreError('store-unavailable', 'The replay/rate-limit store failed.', { cause });
		}
	}

	function readSignBody(body: unknown): ExpandParams {
		if (body === undefined) return {};
		if (!isRecord(body)) throw new RequestRejectedError('bad-request', 'The sign body must be a JSON object (or empty).');
		if (body.expandParams === undefined) return {};
		if (!isRecord(body.expandParams)) throw new RequestRejectedError('bad-request', 'expandParams must be an object of strings.');
		const params: Record<string, string> = {};
		for (const [key, value] of Object.entries(body.expandParams)) {
			if (!allowedExpandParams.has(key)) throw new RequestRejectedError('bad-request', `expandParams key "${key.slice(0, 40)}" is not allowed.`);
			if (typeof value !== 'string' || value.length > MAX_EXPAND_VALUE_LENGTH) throw new RequestRejectedError('bad-request', `expandParams.${key} must be a string of at most ${MAX_EXPAND_VALUE_LENGTH} characters.`);
			params[key] = value;
		}
		// Encoding here surfaces an unencodable value (a lone surrogate) as bad input rather than a failure later.
		try {
			encodeExpandParams(params);
		} catch (cause) {
			throw new RequestRejectedError('bad-request', 'expandParams values must be well-formed text.', { cause });
		}
		return params;
	}

	function readValidateBody(body: unknown): { token: string; traceId: string } {
		if (!isRecord(body)) throw new RequestRejectedError('bad-request', 'The validate body must be a JSON object {"token", "traceId"}.');
		const { token, traceId } = body;
		if (typeof token !== 'string' || token === '') throw new RequestRejectedError('bad-request', 'token is required (a non-empty string).');
		if (token.length > MAX_TOKEN_LENGTH || !TOKEN_CHARACTERS.test(token)) throw new RequestRejectedError('bad-request', 'token is not a well-formed platform token.');
		if (typeof traceId !== 'string' || traceId === '') throw new RequestRejectedError('bad-request', 'traceId is required (a non-empty string).');
		if (!isWellFormedTraceId(traceId)) throw new RequestRejectedError('bad-request', 'traceId is not a well-formed traceId.');
		return { token, traceId };
	}

	async function readJson(request: KitRequest): Promise<unknown> {
		// body() refuses an announced oversized body itself, before reading any of it.
		return parseJsonBody(await request.body(maxBodyBytes));
	}

	async function sign(request: KitRequest, allowed: string | undefined, event: UaidLogEvent): Promise<KitAnswer> {
		if (rateLimit) {
			const ip = request.clientIp(clientIpSource);
			event.clientIp = ip;
			const count = await storeCall(() => store.hit(`sign:${rateLimitKey(ip, rateLimit.ipv6PrefixLength)}`, rateLimit.windowMs));
			if (count > rateLimit.limit) {
				throw new RequestRejectedError('rate-limited', `More than ${rateLimit.limit} sign requests from this client IP in ${Math.round(rateLimit.windowMs / 1000)} s.`);
			}
		}
		const expandParams = readSignBody(await readJson(request));
		const body: SignResponseJson = signGetMobileRequest({ appId: options.appId, appKey: options.appKey, expandParams });
		event.traceId = body.traceId;
		await storeCall(() => store.issueTrace(body.traceId, traceTtlMs));
		return jsonAnswer(200, body, allowed);
	}

	async function validate(request: KitRequest, allowed: string | undefined, event: UaidLogEvent): Promise<KitAnswer> {
		// Everything about the request is checked before the traceId is consumed, so a malformed request burns nothing.
		const { token, traceId } = readValidateBody(await readJson(request));
		event.traceId = traceId;
		event.token = maskToken(token);
		const state = await storeCall(() => store.consumeTrace(traceId));
		if (state === 'replayed') throw new RequestRejectedError('replayed-trace', 'This traceId was validated before; sign again for a new attempt.');
		if (state === 'unknown') throw new RequestRejectedError('unknown-trace', 'This traceId was not issued by sign or has expired.');
		const { uaid } = await validateToken({
			...platformOptions,
			token,
			onAttempt: (attempt) => {
				event.platformCode = attempt.platformCode;
				if (!options.logger) return;
				log({
					stage: 'platform',
					traceId,
					token: maskToken(token),
					attempt: attempt.attempt,
					outcome: attempt.outcome,
					durationMs: attempt.durationMs,
					...(attempt.platformCode ? { platformCode: attempt.platformCode } : {}),
					...(attempt.unknownPlatformCode ? { unknownPlatformCode: true, detail: (attempt.platformDesc ?? '').slice(0, 200) } : {}),
				});
			},
		});
		const answer: ValidateResponseJson = { uaid, traceId };
		return jsonAnswer(200, answer, allowed);
	}

	const core = async (request: KitRequest): Promise<KitAnswer> => {
		const started = Date.now();
		const { pathname } = request;
		const stage = pathname === signPath ? 'sign' : pathname === validatePath ? 'validate' : undefined;
		const event: UaidLogEvent = { stage: stage ?? 'sign', durationMs: 0 };
		const origin = request.header('origin');
		if (origin) event.origin = origin.slice(0, 200);
		let allowed: string | undefined;
		let response: KitAnswer;
		try {
			if (!stage) throw new RequestRejectedError('not-found', `No endpoint at ${pathname.slice(0, 200)}; use POST ${signPath} or POST ${validatePath}.`);
			allowed = checkOrigin(origin, () => request.ownOrigin(), originPolicy);
			if (request.method === 'OPTIONS') {
				// A preflight is only meaningful from a page; without Origin there is nothing to allow.
				return { status: 204, headers: allowed ? preflightHeaders(allowed) : { allow: 'POST, OPTIONS' }, body: undefined };
			}
			if (request.method !== 'POST') throw new RequestRejectedError('method-not-allowed', `${request.method.slice(0, 20)} is not allowed on ${pathname}; use POST.`);
			response = stage === 'sign' ? await sign(request, allowed, event) : await validate(request, allowed, event);
		} catch (caught) {
			const error = isUaidServerError(caught) ? caught : new UaidServerError('internal-error', 'The backend failed unexpectedly.', { cause: caught });
			if (error.code === 'internal-error' || error.code === 'store-unavailable') {
				const cause = (error as { cause?: unknown }).cause;
				event.detail = cause instanceof Error ? cause.message : String(cause);
			}
			event.code = error.code;
			if (error.platformCode !== undefined) event.platformCode = error.platformCode;
			let extra: Record<string, string> | undefined;
			if (error.code === 'method-not-allowed') extra = { allow: 'POST, OPTIONS' };
			if (error.code === 'rate-limited' && rateLimit) extra = { 'retry-after': String(Math.ceil(rateLimit.windowMs / 1000)) };
			response = errorAnswer(error, allowed, extra);
		}
		if (stage && options.logger) {
			event.status = response.status;
			event.durationMs = Date.now() - started;
			log(event);
		}
		return response;
	};
	const handler = async (request: Request): Promise<Response> => toResponse(await core(kitRequestOf(request)));
	return Object.assign(handler, { basePath, [KIT_CORE]: core });
}
