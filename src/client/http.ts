import ky, { isTimeoutError, type Options } from 'ky';
import { readBackendError } from '../protocol/backend-wire.js';
import { UaidClientError, type UaidStage } from './errors.js';

export interface FetchContext {
	signal: AbortSignal;
	timeoutMs: number;
	fetch?: typeof globalThis.fetch;
}

export function abortedError(stage: UaidStage, cause?: unknown): UaidClientError {
	return new UaidClientError('aborted', `${stage}: aborted`, { stage, retryable: false, cause });
}

/**
 * One POST with ky: no automatic retry (the flow decides that, and getMobile is never repeated
 * with one signed body), HTTP errors returned rather than thrown so the caller can read error bodies.
 */
export async function post(
	stage: UaidStage,
	url: string,
	options: Options,
	context: FetchContext,
): Promise<{ status: number; ok: boolean; text: string }> {
	try {
		const response = await ky.post(url, {
			...options,
			signal: context.signal,
			timeout: context.timeoutMs,
			retry: 0,
			throwHttpErrors: false,
			cache: 'no-store',
			// ky falls back to globalThis.fetch itself.
			fetch: context.fetch,
		});
		const text = await response.text();
		return { status: response.status, ok: response.ok, text };
	} catch (error) {
		throw toTransportError(stage, error, context.signal);
	}
}

/** What went wrong before an answer could be read: aborted, timed out, or the network failed. */
export function toTransportError(stage: UaidStage, error: unknown, signal: AbortSignal): UaidClientError {
	if (error instanceof UaidClientError) return error;
	if (signal.aborted) return abortedError(stage, error);
	if (isTimeoutError(error)) return new UaidClientError('timeout', `${stage}: timed out`, { stage, retryable: true, cause: error });
	return new UaidClientError('network', `${stage}: ${error instanceof Error ? error.message : String(error)}`, {
		stage,
		retryable: true,
		cause: error,
	});
}

export function parseJsonText(stage: UaidStage, text: string, status: number): unknown {
	try {
		return JSON.parse(text);
	} catch (cause) {
		throw new UaidClientError('invalid-response', `${stage}: not JSON (HTTP ${status})`, { stage, retryable: true, status, cause });
	}
}

/**
 * A non-2xx answer of the integrator's backend: its `{error:{code,message,platformCode?,retryable}}`
 * body when it has one, else `http-error` (a proxy or a crashed server).
 */
export function backendFailure(stage: UaidStage, status: number, text: string): UaidClientError {
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	// Only a code from the kit's table is passed on: a page switches on it, so an unknown string (a
	// proxy's JSON, a backend of another version) must not reach it as if it were documented.
	const error = readBackendError(json);
	if (error) {
		const { code, message, platformCode, retryable } = error;
		return new UaidClientError(code, message, { stage, retryable, status, ...(platformCode ? { platformCode } : {}) });
	}
	return httpError(stage, status);
}

export function httpError(stage: UaidStage, status: number): UaidClientError {
	// 5xx is a fault on the other side that may pass; a 4xx without an error body will not change by itself.
	return new UaidClientError('http-error', `${stage}: HTTP ${status}`, { stage, retryable: status >= 500, status });
}
