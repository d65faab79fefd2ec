import type { BackendErrorJson } from '../protocol/index.js';
import type { UaidServerError } from './errors/index.js';

const BASE_HEADERS = {
	'content-type': 'application/json; charset=utf-8',
	// Signed requests and UAIDs are per user and single-use: no cache may keep them.
	'cache-control': 'no-store',
	'x-content-type-options': 'nosniff',
};

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
	return new Response(JSON.stringify(body), { status, headers: { ...BASE_HEADERS, ...headers } });
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

export function errorResponse(error: UaidServerError, headers: Record<string, string> = {}): Response {
	return jsonResponse(error.status, errorJson(error), headers);
}
