import { UaidError, isUaidError, type BackendErrorCode } from '../../protocol/index.js';
import { BACKEND_ERROR_TABLE } from '../error-codes.js';

/**
 * Base of every error the server kit throws or answers with. `code` is a {@link BackendErrorCode};
 * `status` and `retryable` are what the handler sends the browser (defaults from the one table).
 */
export class UaidServerError extends UaidError {
	override name: string = 'UaidServerError';
	declare readonly code: BackendErrorCode;
	readonly status: number;
	readonly retryable: boolean;
	/** The platform's resultCode, when the platform answered with one. */
	readonly platformCode?: string;
	/** The platform's resultDesc, as it sent it, when it answered a failure code. */
	readonly resultDesc?: string;

	constructor(code: BackendErrorCode, message: string, options: { cause?: unknown; retryable?: boolean; platformCode?: string; resultDesc?: string; status?: number } = {}) {
		super(code, message, options.cause === undefined ? undefined : { cause: options.cause });
		const row = BACKEND_ERROR_TABLE[code];
		this.status = options.status ?? row.status;
		this.retryable = options.retryable ?? row.retryable;
		if (options.platformCode !== undefined) this.platformCode = options.platformCode;
		if (options.resultDesc !== undefined) this.resultDesc = options.resultDesc;
	}
}

export function isUaidServerError(error: unknown): error is UaidServerError {
	return error instanceof UaidServerError || (isUaidError(error) && typeof (error as { status?: unknown }).status === 'number' && typeof (error as { retryable?: unknown }).retryable === 'boolean');
}
