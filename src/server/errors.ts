import { UaidError, isUaidError, type BackendErrorCode, type ResultCategory } from '../protocol/index.js';
import { BACKEND_ERROR_TABLE } from './error-codes.js';

/**
 * Base of every error the server kit throws or answers with. `code` is a {@link BackendErrorCode};
 * `status` and `retryable` are what the handler sends the browser.
 */
export class UaidServerError extends UaidError {
	override name: string = 'UaidServerError';
	declare readonly code: BackendErrorCode;
	readonly status: number;
	readonly retryable: boolean;
	/** The platform's resultCode, when the platform answered with one. */
	readonly platformCode?: string;

	constructor(code: BackendErrorCode, message: string, options: { cause?: unknown; retryable?: boolean; platformCode?: string; status?: number } = {}) {
		super(code, message, options.cause === undefined ? undefined : { cause: options.cause });
		const row = BACKEND_ERROR_TABLE[code];
		this.status = options.status ?? row.status;
		this.retryable = options.retryable ?? row.retryable;
		if (options.platformCode !== undefined) this.platformCode = options.platformCode;
	}
}

/** The browser's request was refused before the platform was called (bad input, origin, rate limit, trace state, method, path). */
export class RequestRejectedError extends UaidServerError {
	override name = 'RequestRejectedError' as const;
}

/** The platform answered imeiTokenValidate with a result code other than success. */
export class PlatformResultError extends UaidServerError {
	override name = 'PlatformResultError' as const;
	declare readonly platformCode: string;
	/** The platform's `resultDesc`, as it sent it. */
	readonly resultDesc: string;
	readonly category: Exclude<ResultCategory, 'ok'>;

	constructor(category: Exclude<ResultCategory, 'ok'>, platformCode: string, resultDesc: string, retryable: boolean, message?: string) {
		super(category, message ?? `The platform answered ${platformCode}${resultDesc ? ` (${resultDesc})` : ''}.`, { platformCode, retryable });
		this.category = category;
		this.resultDesc = resultDesc;
	}
}

/**
 * No usable answer came from the platform: `timeout`, `platform-unreachable`, a garbled answer
 * (`platform-error`), or `validate-outcome-unknown` (a lost answer, then 120009 on the retry).
 */
export class PlatformTransportError extends UaidServerError {
	override name = 'PlatformTransportError' as const;
}

/** The replay/rate-limit store failed (`store-unavailable`). */
export class StoreError extends UaidServerError {
	override name = 'StoreError' as const;
}

export function isUaidServerError(error: unknown): error is UaidServerError {
	return error instanceof UaidServerError || (isUaidError(error) && typeof (error as { status?: unknown }).status === 'number' && typeof (error as { retryable?: unknown }).retryable === 'boolean');
}

export function isRequestRejectedError(error: unknown): error is RequestRejectedError {
	return error instanceof RequestRejectedError || (isUaidServerError(error) && error.name === 'RequestRejectedError');
}

export function isPlatformResultError(error: unknown): error is PlatformResultError {
	return error instanceof PlatformResultError || (isUaidServerError(error) && error.name === 'PlatformResultError');
}

export function isPlatformTransportError(error: unknown): error is PlatformTransportError {
	return error instanceof PlatformTransportError || (isUaidServerError(error) && error.name === 'PlatformTransportError');
}

export function isStoreError(error: unknown): error is StoreError {
	return error instanceof StoreError || (isUaidServerError(error) && error.name === 'StoreError');
}
