import type { IncomingMessage, ServerResponse } from 'node:http';
import { BACKEND_COVERAGE_PATH, BACKEND_REPORT_PATH, BACKEND_SIGN_PATH, BACKEND_VALIDATE_PATH } from '../../protocol/index.js';
import { clientIpFrom, socketClientIp } from '../core/client-ip.js';
import { KIT_CORE, type KitBinding, type KitRequest, type UaidHandler } from './create-handler.js';
import { invalidOption, UaidServerError } from '../errors/index.js';
import { errorAnswer, type AnswerableError, type KitAnswer } from '../core/json-response.js';
import { originFromHost } from '../core/origin-policy.js';
import { checkDeclaredLength, readNodeBody, type NodeRequestWithBody } from '../core/request-body.js';

/** A Node `http` request listener that is also Express/Connect middleware. */
export type NodeListener = (request: IncomingMessage, response: ServerResponse, next?: (error?: unknown) => void) => void;

/** What Express (originalUrl) and a body parser that ran first may have left on the request. */
interface ParsedBodyRequest extends NodeRequestWithBody {
	originalUrl?: string;
}

const schemeOf = (req: IncomingMessage): string => ((req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http');

/**
 * The request's own origin: from the Host header only (see {@link originFromHost}); under
 * `node:http2` from `:authority`, which HTTP/2 sends instead (a `host` header beside it is the
 * client's to write, and the authority is what the TLS connection was made for).
 */
const hostOrigin = (req: IncomingMessage): string | undefined => {
	const authority = req.headers[':authority'];
	return originFromHost(schemeOf(req), typeof authority === 'string' && authority !== '' ? authority : req.headers.host);
};

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

/** The path without the query, as the request line has it. */
function rawPath(req: ParsedBodyRequest): string {
	const path = req.originalUrl ?? req.url ?? '/';
	const query = path.indexOf('?');
	return query === -1 ? path : path.slice(0, query);
}

function requestUrl(req: ParsedBodyRequest): URL {
	const base = hostOrigin(req) ?? `${schemeOf(req)}://localhost`;
	try {
		return new URL(base + targetPath(req));
	} catch {
		return new URL(`${base}/`);
	}
}

function headerOf(req: IncomingMessage, name: string): string | null {
	const value = req.headers[name];
	if (value === undefined) return null;
	return Array.isArray(value) ? value.join(', ') : value;
}

/** What every request of one listener shares, settled when {@link toNodeListener} builds it. */
interface NodeSettings extends KitBinding {
	/** The endpoints' full paths, which need no URL parsing. */
	readonly endpointPaths: readonly string[];
}

/** The request as the kit's core reads it, straight from Node: no Fetch `Request` unless a `clientIp` function or `onUaid` asks for one. */
class NodeKitRequest implements KitRequest {
	readonly method: string;
	readonly pathname: string;
	readonly #req: ParsedBodyRequest;
	/** Read on arrival: once the client hangs up (during the platform call, say), the socket no longer knows it. */
	readonly #remoteAddress: string | undefined;
	readonly #settings: NodeSettings;
	#fetchRequest: Request | undefined;

	constructor(req: ParsedBodyRequest, settings: NodeSettings) {
		this.#req = req;
		this.#remoteAddress = req.socket.remoteAddress;
		this.#settings = settings;
		this.method = req.method ?? 'GET';
		const raw = rawPath(req);
		// The endpoints' own paths need no parsing; anything else is normalised as a URL parser would (dot segments, percent-encoding).
		this.pathname = settings.endpointPaths.includes(raw) ? raw : requestUrl(req).pathname;
	}

	header(name: string): string | null {
		return headerOf(this.#req, name);
	}

	ownOrigin(): string | undefined {
		return hostOrigin(this.#req);
	}

	body(): Promise<Uint8Array> {
		const { maxBodyBytes } = this.#settings;
		try {
			checkDeclaredLength(headerOf(this.#req, 'content-length'), maxBodyBytes);
		} catch (error) {
			return Promise.reject(error);
		}
		return readNodeBody(this.#req, maxBodyBytes);
	}

	clientIp(): string {
		const req = this.#req;
		const source = this.#settings.clientIp;
		if (source === 'socket') return socketClientIp(this.#remoteAddress);
		return clientIpFrom(
			{ socketAddress: this.#remoteAddress, header: (name) => headerOf(req, name), request: () => this.fetchRequest() },
			source,
		);
	}

	fetchRequest(): Request {
		this.#fetchRequest ??= bodilessRequest(this.#req);
		return this.#fetchRequest;
	}
}

/** URL, method and headers as a Fetch `Request` without the body (the core reads that itself), for a `clientIp` function and `onUaid`. */
function bodilessRequest(req: ParsedBodyRequest): Request {
	const headers = new Headers();
	for (const [name, value] of Object.entries(req.headers)) {
		for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) {
			try {
				headers.append(name, item);
			} catch {
				// A header the Fetch API refuses carries nothing a clientIp function needs; dropping it beats failing the request.
			}
		}
	}
	return new Request(requestUrl(req), { method: 'POST', headers });
}

function writeAnswer(res: ServerResponse, answer: KitAnswer): void {
	// The length declared, so a few hundred bytes need no chunked encoding.
	if (answer.body !== undefined) answer.headers['content-length'] = String(Buffer.byteLength(answer.body));
	// After 413 the rest of the upload is unread: the connection cannot carry another request, so it ends with the answer.
	const close = answer.status === 413;
	if (close) answer.headers.connection = 'close';
	const socket = res.socket;
	res.writeHead(answer.status, answer.headers);
	res.end(answer.body, close ? () => socket?.destroy() : undefined);
}

/** Writing the answer itself failed (the socket is gone): end the exchange rather than leave it hanging. */
function failed(res: ServerResponse, error: unknown): void {
	if (!res.headersSent) {
		res.statusCode = 500;
		res.end();
	}
	res.destroy(error instanceof Error ? error : undefined);
}

/**
 * Adapts the handler {@link createUaidHandler} returns to Node: `http.createServer(toNodeListener(handler))`,
 * or `app.use(toNodeListener(handler))` in Express/Connect, where paths outside the handler's
 * `basePath` go on to `next()`. The kit reads the Node request directly (no Fetch `Request` or
 * `Response` per call) and hands the connection's address on for rate limiting.
 *
 * @throws {UaidServerError} `invalid-option` when `handler` is not one {@link createUaidHandler} made (a wrapping function has no
 * kit behind it).
 * @example http.createServer(toNodeListener(createUaidHandler({ ... }))).listen(8080);
 */
export function toNodeListener(handler: UaidHandler): NodeListener {
	const binding = (handler as Partial<UaidHandler> | undefined)?.[KIT_CORE];
	if (typeof binding?.core !== 'function')
		throw invalidOption(
			'toNodeListener(handler)',
			'takes the handler createUaidHandler returns, not a function wrapping it: wrap the Node listener instead.',
		);
	const { core, basePath } = binding;
	const settings: NodeSettings = {
		...binding,
		endpointPaths: [
			basePath + BACKEND_SIGN_PATH,
			basePath + BACKEND_VALIDATE_PATH,
			basePath + BACKEND_COVERAGE_PATH,
			basePath + BACKEND_REPORT_PATH,
		],
	};
	return (req: ParsedBodyRequest, res, next) => {
		if (next) {
			const path = rawPath(req);
			if (path !== basePath && !path.startsWith(`${basePath}/`)) {
				next();
				return;
			}
		}
		core(new NodeKitRequest(req, settings))
			.then(
				(answer) => writeAnswer(res, answer),
				(cause: unknown) =>
					writeAnswer(
						res,
						errorAnswer(new UaidServerError('internal-error', 'The backend failed unexpectedly.', { cause }) as AnswerableError),
					),
			)
			.catch((error: unknown) => failed(res, error));
	};
}
