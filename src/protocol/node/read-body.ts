import type { IncomingMessage } from 'node:http';

/** What reading a request body came to. */
export type ReadBodyResult =
	| { readonly kind: 'ok'; readonly bytes: Buffer }
	| { readonly kind: 'too-large' }
	| { readonly kind: 'aborted'; readonly cause: unknown };

/**
 * Reads a Node request's body, at most `maxBytes`: the one reader of the kit, the simulator and
 * the demo. A declared Content-Length over the limit is refused before any byte is read; past the
 * limit, reading stops and the stream is left flowing with no listener, so Node discards the rest
 * of the upload and the server can still answer on the socket. A client that goes away mid-body
 * ends in `aborted`, so nothing is left waiting. With `drain: false` the stream is paused past the
 * limit instead, for a server that answers 413 with `Connection: close` and closes the socket rather
 * than read an upload nobody wants (the server kit).
 */
export function readBodyBytes(
	request: IncomingMessage,
	maxBytes: number,
	{ drain = true }: { drain?: boolean } = {},
): Promise<ReadBodyResult> {
	return new Promise((resolve) => {
		const declared = Number(request.headers['content-length']);
		if (Number.isFinite(declared) && declared > maxBytes) {
			request.resume();
			resolve({ kind: 'too-large' });
			return;
		}
		const chunks: Buffer[] = [];
		let total = 0;
		const finish = (result: ReadBodyResult): void => {
			request.off('data', onData);
			request.off('end', onEnd);
			request.off('error', onError);
			request.off('aborted', onError);
			resolve(result);
		};
		const onData = (chunk: Buffer | string): void => {
			const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
			total += bytes.byteLength;
			if (total > maxBytes) {
				finish({ kind: 'too-large' });
				if (drain) request.resume();
				else request.pause();
				return;
			}
			chunks.push(bytes);
		};
		const onEnd = (): void => finish({ kind: 'ok', bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total) });
		const onError = (cause?: unknown): void => finish({ kind: 'aborted', cause });
		request.on('data', onData);
		request.once('end', onEnd);
		request.once('error', onError);
		request.once('aborted', onError);
	});
}
