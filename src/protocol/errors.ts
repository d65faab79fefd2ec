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
		markFamily(this, 'UaidError');
	}
}

/**
 * Records on an error that it belongs to the family of the base class named `name` (UaidError,
 * UaidServerError), so a guard can recognise a subclass by its base's name without a list of the
 * subclasses. The key is a registry symbol: the same in every copy of the library and every realm.
 */
export function markFamily(error: UaidError, name: string): void {
	Object.defineProperty(error, Symbol.for(`cmcc-uaid.${name}`), { value: true });
}

/** Whether `error` is a {@link UaidError} whose class is named `name` or derives from the base named `name` (see {@link markFamily}). */
function isOfFamily(error: unknown, name: string): boolean {
	return (
		error instanceof Error &&
		typeof (error as { code?: unknown }).code === 'string' &&
		(error.name === name || (error as unknown as Record<symbol, unknown>)[Symbol.for(`cmcc-uaid.${name}`)] === true)
	);
}

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

/** Whether `error` is one of ours, whichever part or copy of the library threw it (see {@link UaidError}). */
export function isUaidError(error: unknown): error is UaidError {
	return error instanceof UaidError || isOfFamily(error, 'UaidError');
}

/** Whether `error` is the {@link UaidError} subclass named `name` or one of its subclasses, as {@link markFamily} recorded. */
export function isUaidErrorFamily<T extends UaidError>(error: unknown, name: string): error is T {
	return isOfFamily(error, name);
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
