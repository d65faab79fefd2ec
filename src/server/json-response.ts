import type { BackendErrorJson } from '../protocol/index.js';
import type { UaidServerError } from './errors/index.js';

/**
 * An answer as the kit's core produces it: plain data, written by the Node adapter straight to
 * the socket, or turned into a Fetch `Response` by the Fetch handler.
 */
export interface KitAnswer {
	status: number;
	/** Lower-case names. */
	headers: Record<string, string>;
	/** JSON text, or `undefined` for an empty body (a preflight's 204). */
	body: string | undefined;
}

const BASE_HEADERS = {
	'content-type': 'application/json; charset=utf-8',
	// Signed requests and UAIDs are per user and single-use: no cache may keep them.
	'cache-control': 'no-store',
	'x-content-type-options': 'nosniff',
};

export function jsonAnswer(status: number, body: unknown, headers: Record<string, string> = {}): KitAnswer {
	return { status, headers: { ...BASE_HEADERS, ...headers }, body: JSON.stringify(body) };
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

export function errorAnswer(error: UaidServerError, headers: Record<string, string> = {}): KitAnswer {
	return jsonAnswer(error.status, errorJson(error), headers);
}

export function toResponse(answer: KitAnswer): Response {
	return new Response(answer.body ?? null, { status: answer.status, headers: answer.headers });
}
