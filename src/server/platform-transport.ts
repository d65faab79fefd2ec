import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { urlToHttpOptions } from 'node:url';
import { brotliDecompressSync, constants as zlib, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';

/** What the platform sent back: the HTTP status and the body decoded as UTF-8. */
export interface PlatformAnswer {
	status: number;
	text: string;
}

/**
 * Posts a JSON body to the platform and reads the whole answer. Rejects with `signal.reason` once
 * `signal` aborts (at any point until the answer is fully read), with {@link UnreadableAnswerError}
 * when an answer arrived but cannot be read as text, and with the network error otherwise.
 */
export type PostJson = (url: string, body: string, signal: AbortSignal) => Promise<PlatformAnswer>;

/** An answer arrived (so the platform saw the request) but its body cannot be read as text. */
export class UnreadableAnswerError extends Error {
	override name = 'UnreadableAnswerError' as const;
	/** The HTTP status of the unreadable answer. */
	readonly status: number;

	constructor(status: number, message: string, options?: { cause?: unknown }) {
		super(message, options);
		this.status = status;
	}
}

/** The platform's answers are a few hundred bytes; anything near this is not its JSON. */
export const MAX_ANSWER_BYTES = 1024 * 1024;

const HEADERS = {
	'content-type': 'application/json;charset=UTF-8',
	accept: 'application/json',
	// What undici's fetch sent until the kit had its own transport: a gateway rule keyed on it keeps matching.
	'user-agent': 'node',
} as const;

// One pool per protocol for the process: a validate flow then costs no TCP (or TLS) handshake.
// Idle sockets are dropped after 4 s, before the 5 s keep-alive of Node's own server (the
// simulator) and of many proxies; a shorter `Keep-Alive: timeout=` hint from the server wins
// (Node ≥ 19 reads it), so the pool rarely reuses a socket the server is about to close. Past 64
// calls in flight to one host, calls wait for a socket, and the wait counts toward `timeoutMs`.
const AGENT_OPTIONS = { keepAlive: true, maxSockets: 64, timeout: 4000 } as const;
const agents = { 'http:': new HttpAgent(AGENT_OPTIONS), 'https:': new HttpsAgent(AGENT_OPTIONS) };

interface Target {
	options: RequestOptions;
	send: typeof httpRequest;
}

// Backends call one validate URL all their life: parse it once, not per call.
let lastUrl: string | undefined;
let lastTarget: Target | undefined;

function targetFor(url: string): Target {
	if (url === lastUrl && lastTarget) return lastTarget;
	const parsed = new URL(url);
	const protocol = parsed.protocol;
	if (protocol !== 'http:' && protocol !== 'https:') throw new TypeError(`The platform URL must be http: or https:, not ${protocol}`);
	// urlToHttpOptions strips the brackets of an IPv6 host, which request() needs.
	const target: Target = { options: { ...urlToHttpOptions(parsed), method: 'POST', agent: agents[protocol] }, send: protocol === 'https:' ? httpsRequest : httpRequest };
	lastUrl = url;
	lastTarget = target;
	return target;
}

/**
 * The default transport: `node:http(s)` over a keep-alive agent. undici's `fetch` cost ~9 % of the
 * backend's CPU per validate flow (Request/Response objects, WHATWG streams); this path builds
 * neither. Redirects are never followed: node:http does not follow them.
 */
export const postJsonOverAgent: PostJson = (url, body, signal) =>
	new Promise<PlatformAnswer>((resolve, reject) => {
		if (signal.aborted) return reject(signal.reason);
		let request: ClientRequest | undefined;
		let settled = false;
		const finish = (error: unknown, answer?: PlatformAnswer): void => {
			if (settled) return;
			settled = true;
			signal.removeEventListener('abort', onAbort);
			if (answer) return resolve(answer);
			// Also takes the socket out of the pool: a half-read answer must not reach the next call.
			request?.destroy();
			reject(error);
		};
		const onAbort = (): void => finish(signal.reason);
		const payload = Buffer.from(body, 'utf8');
		try {
			const { options, send } = targetFor(url);
			request = send({ ...options, headers: { ...HEADERS, 'content-length': payload.length } });
		} catch (error) {
			return finish(error);
		}
		signal.addEventListener('abort', onAbort);
		// A pooled socket the server closed while idle fails here with ECONNRESET / "socket hang up"
		// (`request.reusedSocket` is true), usually before the server read anything. The caller
		// still counts it as "lost", not "not sent": nothing proves the server did not read the
		// request before closing, and retrying here would spend the token outside `retries`.
		request.on('error', finish);
		request.on('response', (response: IncomingMessage) => readAnswer(response, finish));
		request.end(payload);
	});

function readAnswer(response: IncomingMessage, finish: (error: unknown, answer?: PlatformAnswer) => void): void {
	const status = response.statusCode ?? 0;
	const chunks: Buffer[] = [];
	let size = 0;
	// Stays attached after settling: destroying the request makes a half-read response emit "aborted".
	response.on('error', finish);
	response.on('data', (chunk: Buffer) => {
		size += chunk.length;
		if (size > MAX_ANSWER_BYTES) return finish(new UnreadableAnswerError(status, `The answer is larger than ${MAX_ANSWER_BYTES} bytes.`));
		chunks.push(chunk);
	});
	response.on('end', () => {
		const raw = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
		const encoding = response.headers['content-encoding'];
		let decoded: Buffer;
		try {
			decoded = encoding ? decodeContent(raw, encoding) : raw;
		} catch (error) {
			return finish(new UnreadableAnswerError(status, `The answer's body (content-encoding: ${encoding}) cannot be decoded: ${error instanceof Error ? error.message : String(error)}`, { cause: error }));
		}
		const text = decoded.toString('utf8');
		// fetch's text() drops a UTF-8 byte order mark; JSON.parse would choke on it.
		finish(undefined, { status, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text });
	});
}

/**
 * We send no `accept-encoding`, but a gateway may compress anyway, and undici's fetch decoded that
 * silently. Codings are listed in the order they were applied, so they are undone from the end.
 */
function decodeContent(raw: Buffer, contentEncoding: string): Buffer {
	// A bomb of a few kilobytes must not inflate past the same cap as a plain answer.
	const limits = { maxOutputLength: MAX_ANSWER_BYTES, finishFlush: zlib.Z_SYNC_FLUSH };
	let body = raw;
	const codings = contentEncoding.toLowerCase().split(',');
	for (let i = codings.length - 1; i >= 0; i--) {
		const coding = codings[i]!.trim();
		if (coding === 'gzip' || coding === 'x-gzip') body = gunzipSync(body, limits);
		// "deflate" should be zlib-wrapped (RFC 9110 § 8.4.1.2), but some servers send raw deflate.
		else if (coding === 'deflate') body = isZlibHeader(body) ? inflateSync(body, limits) : inflateRawSync(body, limits);
		else if (coding === 'br') body = brotliDecompressSync(body, { maxOutputLength: MAX_ANSWER_BYTES });
		else if (coding !== 'identity' && coding !== '') throw new TypeError(`unknown coding "${coding}"`);
	}
	return body;
}

const isZlibHeader = (body: Buffer): boolean => body.length >= 2 && (body[0]! & 0x0f) === 8 && ((body[0]! << 8) | body[1]!) % 31 === 0;

/** The transport when the caller brings a fetch (undici's, a test double, a runtime's own). */
export function postJsonWithFetch(doFetch: typeof globalThis.fetch): PostJson {
	return async (url, body, signal) => {
		const response = await doFetch(url, { method: 'POST', headers: { 'content-type': HEADERS['content-type'], accept: HEADERS.accept }, body, signal, redirect: 'manual' });
		return { status: response.status, text: await response.text() };
	};
}
