/**
 * The one base class of every error cmcc-uaid throws or reports.
 *
 * `code` is stable and machine-readable: switch on it, never on `message`. Each subclass sets
 * `name` (`override name = '…' as const`), and the guards compare names, so an error from a second
 * copy of this library (two bundles, an iframe) is still recognised and a Node error that happens
 * to carry a string `code` (ECONNRESET) is not taken for ours.
 */
export class UaidError extends Error {
	override name: string = 'UaidError';
	readonly code: string;

	constructor(code: string, message: string, options?: { cause?: unknown }) {
		super(message, options);
		this.code = code;
	}
}

/** The name of every error class cmcc-uaid defines, in every part. */
const UAID_ERROR_NAMES: ReadonlySet<string> = new Set([
	'UaidError',
	'ProtocolError',
	'UaidClientError',
	'UaidServerError',
	'RequestRejectedError',
	'PlatformResultError',
	'PlatformTransportError',
	'StoreError',
	'UnreadableAnswerError',
	'SimulatorConfigError',
	'CliError',
	'SecretFileRefusedError',
	'DemoRequestError',
	'ServeConfigError',
]);

/** Codes of errors raised by the protocol core itself (bad input to a codec, a key or a response). */
export type ProtocolErrorCode = 'invalid-timestamp' | 'invalid-expand-params' | 'invalid-response' | 'invalid-key' | 'invalid-option';

/** Bad input to a protocol codec: a timestamp, expandParams, a platform response, a key or an option. */
export class ProtocolError extends UaidError {
	override name = 'ProtocolError' as const;
	declare readonly code: ProtocolErrorCode;

	constructor(code: ProtocolErrorCode, message: string, options?: { cause?: unknown }) {
		super(code, message, options);
	}
}

/** Whether `error` is one of ours, by its name (see {@link UaidError}). */
export function isUaidError(error: unknown): error is UaidError {
	return error instanceof UaidError || (error instanceof Error && UAID_ERROR_NAMES.has(error.name) && typeof (error as { code?: unknown }).code === 'string');
}

/**
 * Whether `error` is a {@link UaidError} of the class named `name`. The guards of each part use
 * this one, so the browser bundle does not carry the list of every part's class names.
 */
export function isUaidErrorNamed<T extends UaidError>(error: unknown, name: T['name']): error is T {
	return error instanceof Error && error.name === name && typeof (error as { code?: unknown }).code === 'string';
}

export function isProtocolError(error: unknown): error is ProtocolError {
	return isUaidErrorNamed<ProtocolError>(error, 'ProtocolError');
}
