import { RequestRejectedError } from './errors/index.js';

/**
 * Reads a request body as JSON within `maxBytes`, whatever the Content-Type (the browser client
 * may send `text/plain` to avoid a preflight). An empty body reads as `undefined`.
 *
 * @throws {RequestRejectedError} `payload-too-large` or `bad-request`
 */
export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
	const declared = request.headers.get('content-length');
	if (declared !== null && Number(declared) > maxBytes) throw tooLarge(maxBytes);
	const bytes = await readLimited(request, maxBytes);
	if (bytes.length === 0) return undefined;
	let text: string;
	try {
		text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
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

const tooLarge = (maxBytes: number): RequestRejectedError => new RequestRejectedError('payload-too-large', `The request body exceeds ${maxBytes} bytes.`);

async function readLimited(request: Request, maxBytes: number): Promise<Uint8Array> {
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
			// Stop reading at once: the rest of an oversized body is never buffered.
			await reader.cancel().catch(() => undefined);
			throw tooLarge(maxBytes);
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
