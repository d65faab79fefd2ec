import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { forwardedAddress, parseClientAddress } from '../protocol/node/client-address.js';
import { readBodyBytes } from '../protocol/node/read-body.js';

const JSON_CONTENT_TYPE = 'application/json;charset=UTF-8';

export type BodyResult =
	| { readonly kind: 'ok'; readonly text: string }
	| { readonly kind: 'too-large' }
	| { readonly kind: 'invalid-utf8' }
	| { readonly kind: 'aborted' };

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a request body up to `limit` bytes (see {@link readBodyBytes}) and decodes it as strict
 * UTF-8. Past the limit the rest is not buffered (the caller answers 413 and closes the connection).
 */
export async function readBody(request: IncomingMessage, limit: number): Promise<BodyResult> {
	const read = await readBodyBytes(request, limit);
	if (read.kind === 'too-large') return { kind: 'too-large' };
	if (read.kind === 'aborted') return { kind: 'aborted' };
	try {
		return { kind: 'ok', text: decoder.decode(read.bytes) };
	} catch {
		return { kind: 'invalid-utf8' };
	}
}

/** Sends a JSON answer (no-op if the connection is gone): the one writer of the simulator's and the demo's JSON. */
export function sendJson(response: ServerResponse, status: number, value: unknown, headers: Record<string, string | string[]> = {}): void {
	if (response.headersSent || response.destroyed) return;
	const body = JSON.stringify(value);
	response.writeHead(status, {
		...headers,
		'Content-Type': JSON_CONTENT_TYPE,
		'Content-Length': Buffer.byteLength(body),
		'Cache-Control': 'no-store',
		'X-Content-Type-Options': 'nosniff',
	});
	response.end(body);
}

/** A JSON error for anything that is not a platform answer (admin API, 404, 405, 413). */
export function sendError(
	response: ServerResponse,
	status: number,
	code: string,
	message: string,
	headers: Record<string, string | string[]> = {},
): void {
	sendJson(response, status, { error: { code, message } }, headers);
}

/** The first value of a header, if present and not empty. */
export function headerValue(request: IncomingMessage, name: string): string | undefined {
	const value = request.headers[name];
	const text = Array.isArray(value) ? value[0] : value;
	return text === undefined || text === '' ? undefined : text;
}

/**
 * The caller's IP, by the server kit's rule (client-address.ts): the socket's remote address
 * (IPv4-mapped IPv6 shown as IPv4), or with `trustForwardedFor` the first `X-Forwarded-For` hop
 * (every hop trusted: the simulator plays the platform for tests whose every hop is their own),
 * a port dropped, `unknown` when it is no IP.
 */
export function clientIp(request: IncomingMessage, trustForwardedFor: boolean): string {
	const forwarded = trustForwardedFor ? headerValue(request, 'x-forwarded-for') : undefined;
	if (forwarded) return forwardedAddress(forwarded, Number.POSITIVE_INFINITY).ip ?? 'unknown';
	return parseClientAddress(request.socket.remoteAddress) ?? '';
}

/** Listens on `host:port`, rejecting (instead of throwing an event) when the port is taken. */
export function listen(server: Server, port: number, host: string): Promise<void> {
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => {
			server.off('error', reject);
			resolve();
		});
	});
}
