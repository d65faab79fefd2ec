import type { BackendErrorJson } from '../protocol/index.js';
import type { UaidServerError } from './errors/index.js';

/**
 * An answer as the kit's core produces it: plain data, written by the Node adapter straight to
 * the socket, or turned into a Fetch `Response` by the Fetch handler.
 */
export interface KitAnswer {
	status: number;
	/** Lower-case names; a fresh object per answer, which the writer may add to. */
	headers: Record<string, string>;
	/** JSON text, or `undefined` for an empty body (a preflight's 204). */
	body: string | undefined;
}

/**
 * A JSON answer. The headers are one fresh object literal of a fixed shape (no spreads): the Node
 * adapter adds `content-length` and hands them to `writeHead` as they are.
 */
export function jsonAnswer(status: number, body: unknown, allowOrigin: string | undefined, extra?: Record<string, string>): KitAnswer {
	const text = JSON.stringify(body);
	const headers: Record<string, string> = {
		'content-type': 'application/json; charset=utf-8',
		// Signed requests and UAIDs are per user and single-use: no cache may keep them.
		'cache-control': 'no-store',
		'x-content-type-options': 'nosniff',
		vary: 'Origin',
	};
	if (allowOrigin) headers['access-control-allow-origin'] = allowOrigin;
	if (extra) Object.assign(headers, extra);
	return { status, headers, body: text };
}

/** The documented error JSON for an error; never a stack trace. */
export function errorJson(error: UaidServerError): BackendErrorJson {
	return {
		error: {
			code: error.code,
			message: error.message,
			...(error.platformCode !== undefined ? { platformCode: error.platformCode } : {}),
			retryable: error.retryable,
		},
	};
}

export function errorAnswer(error: UaidServerError, allowOrigin?: string, extra?: Record<string, string>): KitAnswer {
	return jsonAnswer(error.status, errorJson(error), allowOrigin, extra);
}

export function toResponse(answer: KitAnswer): Response {
	return new Response(answer.body ?? null, { status: answer.status, headers: answer.headers });
}
