import type { BackendErrorCode, BackendErrorJson } from '../../protocol/index.js';
import { isUaidServerError, type UaidServerError } from '../errors/index.js';

/**
 * An answer as the kit's core produces it: plain data, written by the Node adapter straight to
 * the socket, or turned into a Fetch `Response` by the Fetch handler.
 */
export interface KitAnswer {
	status: number;
	/**
	 * Lower-case names; a fresh object per answer, which the writer may add to. A list is sent as one header line per item (several
	 * `set-cookie`).
	 */
	headers: Record<string, string | string[]>;
	/** JSON text, or `undefined` for an empty body (a preflight's 204). */
	body: string | undefined;
}

/**
 * A JSON answer. The headers are a fresh object per answer: the Node adapter adds `content-length`
 * and hands them to `writeHead` as they are.
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
	if (allowOrigin) {
		headers['access-control-allow-origin'] = allowOrigin;
		// See corsHeaders: a credentialed page on an allowed origin reads the answer that sets its session.
		headers['access-control-allow-credentials'] = 'true';
	}
	if (extra) Object.assign(headers, extra);
	return { status, headers, body: text };
}

/** An answer without a body (the report endpoint's 204), with the headers every answer has. */
export function emptyAnswer(status: number, allowOrigin: string | undefined): KitAnswer {
	const { headers } = jsonAnswer(status, null, allowOrigin);
	delete headers['content-type'];
	return { status, headers, body: undefined };
}

/** A kit error that can be answered: every code but the start-up-only `invalid-option`. */
export type AnswerableError = UaidServerError & { readonly code: BackendErrorCode };

export const isAnswerableError = (error: unknown): error is AnswerableError => isUaidServerError(error) && error.code !== 'invalid-option';

/** The documented error JSON for an error; never a stack trace. */
function errorJson(error: AnswerableError): BackendErrorJson {
	const json: BackendErrorJson = { error: { code: error.code, message: error.message, retryable: error.retryable } };
	if (error.platformCode !== undefined) json.error.platformCode = error.platformCode;
	return json;
}

export function errorAnswer(error: AnswerableError, allowOrigin?: string, extra?: Record<string, string>): KitAnswer {
	return jsonAnswer(error.status, errorJson(error), allowOrigin, extra);
}

export function toResponse(answer: KitAnswer): Response {
	const headers = new Headers();
	for (const [name, value] of Object.entries(answer.headers)) {
		if (typeof value === 'string') headers.set(name, value);
		else for (const item of value) headers.append(name, item);
	}
	return new Response(answer.body ?? null, { status: answer.status, headers });
}
