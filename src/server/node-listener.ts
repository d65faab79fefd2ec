import type { IncomingMessage, ServerResponse } from 'node:http';
import { setSocketAddress } from './client-ip.js';
import { RequestRejectedError, UaidServerError } from './errors/index.js';
import { errorResponse } from './json-response.js';

/** A Node `http` request listener that is also Express/Connect middleware. */
export type NodeListener = (request: IncomingMessage, response: ServerResponse, next?: (error?: unknown) => void) => void;

/** What a body parser (express.json, express.text, …) may have left on the request. */
interface ParsedBodyRequest extends IncomingMessage {
	body?: unknown;
	originalUrl?: string;
	_body?: boolean;
}

function requestUrl(req: ParsedBodyRequest): string {
	const scheme = (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http';
	// Express strips its mount path from req.url; originalUrl keeps the path the browser asked for.
	const path = req.originalUrl ?? req.url ?? '/';
	try {
		return new URL(path, `${scheme}://${req.headers.host ?? 'localhost'}`).href;
	} catch {
		return new URL(path.startsWith('/') ? path : '/', `${scheme}://localhost`).href;
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
	return (req: ParsedBodyRequest, res, next) => {
		const basePath = handler.basePath;
		if (next && basePath !== undefined) {
			const path = pathOf(req);
			if (path !== basePath && !path.startsWith(basePath + '/')) {
				next();
				return;
			}
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
				await writeResponse(res, errorResponse(error, error.code === 'method-not-allowed' ? { allow: 'POST, OPTIONS' } : {}));
				return;
			}
			try {
				response = await handler(request);
			} catch (cause) {
				response = errorResponse(new UaidServerError('internal-error', 'The backend failed unexpectedly.', { cause }));
			}
			await writeResponse(res, response);
		})().catch((error: unknown) => {
			if (!res.headersSent) {
				res.statusCode = 500;
				res.end();
			}
			res.destroy(error instanceof Error ? error : undefined);
		});
	};
}
