/**
 * The one base class of every error cmcc-uaid throws or reports.
 *
 * `code` is stable and machine-readable: switch on it, never on `message`.
 * Subclasses set `name` so `isUaidError()` keeps working across realms and bundles.
 */
export class UaidError extends Error {
	override name = 'UaidError';
	readonly code: string;

	constructor(code: string, message: string, options?: { cause?: unknown }) {
		super(message, options);
		this.code = code;
	}
}

/** Codes of errors raised by the protocol core itself (bad input to a codec, a key or a response). */
export type ProtocolErrorCode =
	| 'invalid-timestamp'
	| 'invalid-expand-params'
	| 'invalid-response'
	| 'invalid-key'
	| 'invalid-argument';

/** Bad input to a protocol codec: a timestamp, expandParams, a platform response or a key. */
export class ProtocolError extends UaidError {
	override name = 'ProtocolError' as const;
	declare readonly code: ProtocolErrorCode;

	constructor(code: ProtocolErrorCode, message: string, options?: { cause?: unknown }) {
		super(code, message, options);
	}
}

export function isUaidError(error: unknown): error is UaidError {
	// The structural check keeps the guard true for an error from another copy of this library (two bundles, an iframe).
	return error instanceof UaidError || (error instanceof Error && typeof (error as { code?: unknown }).code === 'string');
}

export function isProtocolError(error: unknown): error is ProtocolError {
	return error instanceof ProtocolError || (isUaidError(error) && error.name === 'ProtocolError');
}
