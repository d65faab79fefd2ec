import type { IncomingMessage } from 'node:http';
import { readBodyBytes } from '../../protocol/node/read-body.js';
import { RequestRejectedError } from '../errors/index.js';

/** The error for a body over the limit; thrown before the rest of it is read. */
const payloadTooLarge = (maxBytes: number): RequestRejectedError =>
	new RequestRejectedError('payload-too-large', `The request body exceeds ${maxBytes} bytes.`);

/** Refuses a body whose declared Content-Length is already over the limit, before reading any of it. */
export function checkDeclaredLength(contentLength: string | null, maxBytes: number): void {
	if (contentLength !== null && Number(contentLength) > maxBytes) throw payloadTooLarge(maxBytes);
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Parses a request body as JSON, whatever the Content-Type (the browser client may send
 * `text/plain` to avoid a preflight). An empty or blank body reads as `undefined`.
 *
 * @throws {RequestRejectedError} `bad-request`
 */
export function parseJsonBody(bytes: Uint8Array): unknown {
	if (bytes.length === 0) return undefined;
	let text: string;
	try {
		text = decoder.decode(bytes);
	} catch {
		throw new RequestRejectedError('bad-request', 'The request body is not valid UTF-8.');
	}
	if (text.trim() === '') return undefined;
	try {
		return JSON.parse(text);
	} catch {
		throw new RequestRejectedError('bad-request', 'The request body is not JSON.');
	}
}

/**
 * Reads a Fetch request's body within `maxBytes`: reading stops at the first byte over the limit,
 * so the rest of an oversized body is never buffered.
 *
 * @throws {RequestRejectedError} `payload-too-large` or `bad-request`
 */
export async function readRequestBody(request: Request, maxBytes: number): Promise<Uint8Array> {
	checkDeclaredLength(request.headers.get('content-length'), maxBytes);
	if (!request.body) return new Uint8Array();
	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let total = 0;
	for (;;) {
		let chunk: ReadableStreamReadResult<Uint8Array>;
		try {
			chunk = await reader.read();
		} catch (cause) {
			throw new RequestRejectedError('bad-request', 'The request body could not be read.', { cause });
		}
		if (chunk.done) break;
		total += chunk.value.byteLength;
		if (total > maxBytes) {
			await reader.cancel().catch(() => undefined);
			throw payloadTooLarge(maxBytes);
		}
		chunks.push(chunk.value);
	}
	const bytes = new Uint8Array(total);
	let offset = 0;
	for (const chunk of chunks) {
		bytes.set(chunk, offset);
		offset += chunk.byteLength;
	}
	return bytes;
}

/** What a body parser (express.json, express.text, …) may have left on a Node request. */
export interface NodeRequestWithBody extends IncomingMessage {
	body?: unknown;
	_body?: boolean;
}

/** A parser that ran first (express.json, express.text, …) consumed the stream: its result, as bytes. */
function alreadyParsedBody(req: NodeRequestWithBody): Uint8Array | undefined {
	if (req._body !== true && !req.readableEnded) return undefined;
	// A stream read by someone who kept nothing would never end again: treat it as empty rather than wait forever.
	const { body } = req;
	if (body === undefined) return new Uint8Array();
	if (body instanceof Uint8Array) return body;
	return Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
}

/**
 * Reads the body straight from the Node stream (see {@link readBodyBytes}), or what a body parser
 * that ran first left on the request. Reading stops at the first byte over the limit: the stream is
 * paused, and the Node adapter answers 413 with `Connection: close` and then closes the socket,
 * rather than read the rest of an upload nobody wants.
 * @throws {RequestRejectedError} `payload-too-large` or `bad-request`
 */
export async function readNodeBody(req: NodeRequestWithBody, maxBytes: number): Promise<Uint8Array> {
	const parsed = alreadyParsedBody(req);
	if (parsed !== undefined) {
		if (parsed.byteLength > maxBytes) throw payloadTooLarge(maxBytes);
		return parsed;
	}
	const read = await readBodyBytes(req, maxBytes, { drain: false });
	if (read.kind === 'too-large') throw payloadTooLarge(maxBytes);
	if (read.kind === 'aborted') throw new RequestRejectedError('bad-request', 'The request body could not be read.', { cause: read.cause });
	return read.bytes;
}
