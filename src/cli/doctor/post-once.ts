import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** What came back from one POST: the HTTP status and the body as UTF-8 text. */
export interface OnceAnswer {
	status: number;
	text: string;
}

/** The platform's answers are a few hundred bytes; a larger body is not its JSON. */
const MAX_BYTES = 256 * 1024;

/**
 * One POST with no connection pool, so the CLI exits as soon as it is done (the server kit's
 * transport keeps sockets alive for the next call, which a one-shot command never makes).
 * Rejects with the network error as Node raised it: its `code` (ENOTFOUND, ECONNREFUSED,
 * ERR_SSL_…) is what the doctor explains.
 */
export function postOnce(url: URL, body: string, timeoutMs: number): Promise<OnceAnswer> {
	return new Promise((resolve, reject) => {
		const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
		const request = send(url, { method: 'POST', agent: false, headers: { 'content-type': 'application/json;charset=UTF-8', accept: 'application/json', 'content-length': Buffer.byteLength(body) } }, (response) => {
			const chunks: Buffer[] = [];
			let size = 0;
			response.on('data', (chunk: Buffer) => {
				size += chunk.length;
				if (size > MAX_BYTES) request.destroy(Object.assign(new Error(`The answer exceeds ${MAX_BYTES} bytes.`), { code: 'ANSWER_TOO_LARGE' }));
				else chunks.push(chunk);
			});
			response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
			response.on('error', reject);
		});
		request.setTimeout(timeoutMs, () => request.destroy(Object.assign(new Error(`No answer within ${timeoutMs} ms.`), { code: 'DOCTOR_TIMEOUT' })));
		request.on('error', reject);
		request.end(body);
	});
}
