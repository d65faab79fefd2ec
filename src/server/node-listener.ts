import type { IncomingMessage, ServerResponse } from 'node:http';
import { BACKEND_SIGN_PATH, BACKEND_VALIDATE_PATH } from '../protocol/index.js';
import { clientIpFrom, setSocketAddress, socketClientIp, type ClientIpSource } from './client-ip.js';
import { kitCoreOf, type KitRequest } from './create-handler.js';
import { originFromHost } from './origin-policy.js';
import { RequestRejectedError, UaidServerError } from './errors/index.js';
import { errorAnswer, toResponse, type KitAnswer } from './json-response.js';
import { checkDeclaredLength, payloadTooLarge } from './read-json-body.js';

/** A Node `http` request listener that is also Express/Connect middleware. */
export type NodeListener = (request: IncomingMessage, response: ServerResponse, next?: (error?: unknown) => void) => void;

/** What a body parser (express.json, express.text, …) may have left on the request. */
interface ParsedBodyRequest extends IncomingMessage {
	body?: unknown;
	originalUrl?: string;
	_body?: boolean;
}

const schemeOf = (req: IncomingMessage): string => ((req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http');

/** The request's own origin: from the Host header only (see {@link originFromHost}). */
const hostOrigin = (req: IncomingMessage): string | undefined => originFromHost(schemeOf(req), req.headers.host);

/**
 * The request target as a path. The target never supplies an authority: `//evil.com/x` is the
 * path `//evil.com/x`, and an absolute-form target (`http://evil.com/x`) contributes its path only.
 */
function targetPath(req: ParsedBodyRequest): string {
	// Express strips its mount path from req.url; originalUrl keeps the path the browser asked for.
	const target = req.originalUrl ?? req.url ?? '/';
	if (target.startsWith('/')) return target;
	if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) return '/';
	try {
		const url = new URL(target);
		return url.pathname + url.search;
	} catch {
		return '/';
	}
}

function requestUrl(req: ParsedBodyRequest): string {
	const base = hostOrigin(req) ?? `${schemeOf(req)}://localhost`;
	try {
		return new URL(base + targetPath(req)).href;
	} catch {
		return `${base}/`;
	}
}

function requestHeaders(req: IncomingMessage): Headers {
	const headers = new Headers();
	for (const [name, value] of Object.entries(req.headers)) {
		if (value === undefined) continue;
		for (const item of Array.isArray(value) ? value : [value]) {
			try {
				headers.append(name, item);
			} catch {
				// A header undici refuses carries nothing the kit reads; dropping it beats failing the request.
			}
		}
	}
	return headers;
}

// Reading stops as soon as the kit has seen enough (an oversized body): the stream is left, not
// destroyed, so Node can still answer on the socket and discard the rest of the upload itself.
function bodyStream(req: IncomingMessage): ReadableStream<Uint8Array> {
	let done = false;
	const onData = (chunk: Buffer | string): void => controllerRef?.enqueue(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : new Uint8Array(chunk));
	let controllerRef: ReadableStreamDefaultController<Uint8Array> | undefined;
	return new ReadableStream<Uint8Array>({
		start(controller) {
			controllerRef = controller;
			req.on('data', (chunk: Buffer | string) => {
				if (done) return;
				onData(chunk);
				if ((controller.desiredSize ?? 1) <= 0) req.pause();
			});
			req.once('end', () => {
				if (done) return;
				done = true;
				controller.close();
			});
			req.once('error', (error) => {
				if (done) return;
				done = true;
				controller.error(error);
			});
		},
		pull() {
			req.resume();
		},
		cancel() {
			done = true;
			req.resume();
		},
	});
}

function parsedBody(req: ParsedBodyRequest): BodyInit | undefined {
	const body = req.body;
	if (typeof body === 'string') return body;
	if (body instanceof Uint8Array) return new Uint8Array(body);
	return JSON.stringify(body);
}

/** Turns a Node request into the Fetch Request the handler reads; exported for adapters and tests. */
export function toFetchRequest(req: ParsedBodyRequest): Request {
	const method = req.method ?? 'GET';
	const init: RequestInit & { duplex?: 'half' } = { method, headers: requestHeaders(req) };
	if (method !== 'GET' && method !== 'HEAD') {
		// A body parser that ran has consumed the stream: take what it parsed (re-serialised; the size limit still applies).
		const consumed = req._body === true || req.readableEnded;
		if (consumed) {
			// A stream read by someone who kept nothing would never end again: treat it as empty rather than wait forever.
			init.body = req.body === undefined ? '' : parsedBody(req);
			init.headers = new Headers(init.headers);
			init.headers.delete('content-length');
		} else {
			init.body = bodyStream(req);
			init.duplex = 'half';
		}
	}
	const request = new Request(requestUrl(req), init);
	setSocketAddress(request, req.socket.remoteAddress);
	return request;
}

async function writeResponse(res: ServerResponse, response: Response): Promise<void> {
	const body = Buffer.from(await response.arrayBuffer());
	const headers: Record<string, string> = {};
	response.headers.forEach((value, name) => {
		headers[name] = value;
	});
	res.writeHead(response.status, headers);
	res.end(body);
}

function writeAnswer(res: ServerResponse, answer: KitAnswer): void {
	// The length declared, so a few hundred bytes need no chunked encoding.
	if (answer.body !== undefined) answer.headers['content-length'] = String(Buffer.byteLength(answer.body));
	res.writeHead(answer.status, answer.headers);
	res.end(answer.body);
}

/** What a body parser that ran first left, as bytes; `undefined` when the stream is still unread. */
function alreadyParsedBody(req: ParsedBodyRequest): Uint8Array | undefined {
	if (req._body !== true && !req.readableEnded) return undefined;
	// A stream read by someone who kept nothing would never end again: treat it as empty rather than wait forever.
	if (req.body === undefined) return new Uint8Array();
	const body = parsedBody(req);
	return typeof body === 'string' ? Buffer.from(body) : (body as Uint8Array);
}

/**
 * Reads the body straight from the Node stream. Reading stops at the first byte over the limit:
 * the stream is then left flowing with no listener, so Node discards the rest of the upload and
 * can still answer on the socket.
 */
function readNodeBody(req: ParsedBodyRequest, maxBytes: number): Promise<Uint8Array> {
	const parsed = alreadyParsedBody(req);
	if (parsed !== undefined) {
		if (parsed.byteLength > maxBytes) return Promise.reject(payloadTooLarge(maxBytes));
		return Promise.resolve(parsed);
	}
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let total = 0;
		const stop = (): void => {
			req.off('data', onData);
			req.off('end', onEnd);
			req.off('error', onError);
		};
		const onData = (chunk: Buffer | string): void => {
			const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
			total += bytes.byteLength;
			if (total > maxBytes) {
				stop();
				req.resume();
				reject(payloadTooLarge(maxBytes));
				return;
			}
			chunks.push(bytes);
		};
		const onEnd = (): void => {
			stop();
			resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total));
		};
		// Also what a client that goes away mid-body ends in (ECONNRESET): nothing is left waiting.
		const onError = (cause: unknown): void => {
			stop();
			reject(new RequestRejectedError('bad-request', 'The request body could not be read.', { cause }));
		};
		req.on('data', onData);
		req.once('end', onEnd);
		req.once('error', onError);
	});
}

function headerOf(req: IncomingMessage, name: string): string | null {
	const value = req.headers[name];
	if (value === undefined) return null;
	return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * The request as the kit's core reads it, straight from Node: no Fetch `Request` unless a
 * `clientIp` function asks for one. A class, so a request costs one object, not a closure per method.
 */
class NodeKitRequest implements KitRequest {
	readonly method: string;
	readonly pathname: string;
	readonly #req: ParsedBodyRequest;
	#request: Request | undefined;

	constructor(req: ParsedBodyRequest, endpointPaths: readonly string[]) {
		this.#req = req;
		this.method = req.method ?? 'GET';
		const raw = pathOf(req);
		// The endpoints' own paths need no parsing; anything else is normalised as the Fetch path would (dot segments, percent-encoding).
		this.pathname = endpointPaths.includes(raw) ? raw : pathnameOf(requestUrl(req));
	}

	header(name: string): string | null {
		return headerOf(this.#req, name);
	}

	ownOrigin(): string | undefined {
		return hostOrigin(this.#req);
	}

	body(maxBytes: number): Promise<Uint8Array> {
		try {
			checkDeclaredLength(headerOf(this.#req, 'content-length'), maxBytes);
		} catch (error) {
			return Promise.reject(error);
		}
		return readNodeBody(this.#req, maxBytes);
	}

	clientIp(source: ClientIpSource): string {
		const req = this.#req;
		if (source === 'socket') return socketClientIp(req.socket.remoteAddress);
		return clientIpFrom({ socketAddress: req.socket.remoteAddress, header: (name) => headerOf(req, name), request: () => (this.#request ??= bodilessRequest(req)) }, source);
	}
}

const pathnameOf = (url: string): string => {
	try {
		return new URL(url).pathname;
	} catch {
		return '';
	}
};

/** URL, method and headers as a Fetch `Request` without the body (the core reads that itself), for a `clientIp` function. */
function bodilessRequest(req: ParsedBodyRequest): Request {
	const request = new Request(requestUrl(req), { method: 'POST', headers: requestHeaders(req) });
	setSocketAddress(request, req.socket.remoteAddress);
	return request;
}

function pathOf(req: ParsedBodyRequest): string {
	const path = req.originalUrl ?? req.url ?? '/';
	const query = path.indexOf('?');
	return query === -1 ? path : path.slice(0, query);
}

/**
 * Adapts a Fetch handler to Node: `http.createServer(toNodeListener(handler))`, or
 * `app.use(toNodeListener(handler))` in Express/Connect, where paths outside the handler's
 * `basePath` go on to `next()`. The connection's address is handed to the handler for rate limiting.
 *
 * @example http.createServer(toNodeListener(createUaidHandler({ ... }))).listen(8080);
 */
export function toNodeListener(handler: ((request: Request) => Promise<Response>) & { basePath?: string }): NodeListener {
	const basePath = handler.basePath;
	const core = kitCoreOf(handler);
	const endpointPaths = basePath === undefined ? [] : [basePath + BACKEND_SIGN_PATH, basePath + BACKEND_VALIDATE_PATH];
	return (req: ParsedBodyRequest, res, next) => {
		if (next && basePath !== undefined) {
			const path = pathOf(req);
			if (path !== basePath && !path.startsWith(basePath + '/')) {
				next();
				return;
			}
		}
		if (core) {
			// createUaidHandler's own handler: its core reads the Node request directly.
			core(new NodeKitRequest(req, endpointPaths)).then(
				(answer) => writeAnswer(res, answer),
				(cause: unknown) => writeAnswer(res, errorAnswer(new UaidServerError('internal-error', 'The backend failed unexpectedly.', { cause }))),
			).catch((error: unknown) => failed(res, error));
			return;
		}
		void (async () => {
			let response: Response;
			let request: Request;
			try {
				request = toFetchRequest(req);
			} catch (cause) {
				// The Fetch API refuses some methods outright (TRACE, CONNECT, TRACK); they are still just wrong methods here.
				const method = req.method ?? '';
				const error =
					method !== 'POST' && method !== 'OPTIONS'
						? new RequestRejectedError('method-not-allowed', `${method.slice(0, 20)} is not allowed; use POST.`, { cause })
						: new RequestRejectedError('bad-request', 'The request could not be read.', { cause });
				writeAnswer(res, errorAnswer(error, undefined, error.code === 'method-not-allowed' ? { allow: 'POST, OPTIONS' } : undefined));
				return;
			}
			try {
				response = await handler(request);
			} catch (cause) {
				response = toResponse(errorAnswer(new UaidServerError('internal-error', 'The backend failed unexpectedly.', { cause })));
			}
			await writeResponse(res, response);
		})().catch((error: unknown) => failed(res, error));
	};
}

/** Writing the answer itself failed (the socket is gone): end the exchange rather than leave it hanging. */
function failed(res: ServerResponse, error: unknown): void {
	if (!res.headersSent) {
		res.statusCode = 500;
		res.end();
	}
	res.destroy(error instanceof Error ? error : undefined);
}
