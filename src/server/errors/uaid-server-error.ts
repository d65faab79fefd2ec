import { UaidError, isUaidErrorFamily, markFamily, type BackendErrorCode } from '../../protocol/index.js';
import { BACKEND_ERROR_TABLE } from './error-codes.js';

/**
 * What a {@link UaidServerError} can say: a code the handler answers with (the one table), or
 * `invalid-option`, thrown at start-up for an option that cannot work and never sent to a browser.
 */
export type UaidServerErrorCode = BackendErrorCode | 'invalid-option';

// A start-up error has no HTTP answer of its own; should one ever be turned into an answer, it is an internal failure.
const INVALID_OPTION_ROW = { status: 500, retryable: false } as const;

/**
 * Base of every error the server kit throws or answers with. `code` is a {@link BackendErrorCode}
 * (or `invalid-option` at start-up); `status` and `retryable` are what the handler sends the
 * browser (defaults from the one table).
 */
export class UaidServerError extends UaidError {
	override name: string = 'UaidServerError';
	declare readonly code: UaidServerErrorCode;
	readonly status: number;
	readonly retryable: boolean;
	/** The platform's resultCode, when the platform answered with one. */
	readonly platformCode?: string;
	/** The platform's resultDesc, as it sent it, when it answered a failure code. */
	readonly resultDesc?: string;

	constructor(
		code: UaidServerErrorCode,
		message: string,
		options: { cause?: unknown; retryable?: boolean; platformCode?: string; resultDesc?: string; status?: number } = {},
	) {
		super(code, message, options.cause === undefined ? undefined : { cause: options.cause });
		const row = code === 'invalid-option' ? INVALID_OPTION_ROW : BACKEND_ERROR_TABLE[code];
		this.status = options.status ?? row.status;
		this.retryable = options.retryable ?? row.retryable;
		if (options.platformCode !== undefined) this.platformCode = options.platformCode;
		if (options.resultDesc !== undefined) this.resultDesc = options.resultDesc;
		// The subclasses the kit uses inside carry names of their own; the mark says they are kit errors.
		markFamily(this, 'UaidServerError');
	}
}

/** Whether `error` is one of the kit's errors, by its class name (so a second copy of the package is recognised too). */
export function isUaidServerError(error: unknown): error is UaidServerError {
	return error instanceof UaidServerError || isUaidErrorFamily<UaidServerError>(error, 'UaidServerError');
}

/** An option that cannot work, named so the message can be acted on. */
export function invalidOption(option: string, message: string, cause?: unknown): UaidServerError {
	return new UaidServerError('invalid-option', `${option}: ${message}`, cause === undefined ? {} : { cause });
}
