const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
/** The largest multiple of 36 below 256: bytes at or above it are drawn again so every character is equally likely. */
const UNBIASED_LIMIT = 252;

/** Length of the traceId/msgId the guide's examples use. */
export const TRACE_ID_LENGTH = 32;

/**
 * A fresh traceId (also used as msgId): 32 lowercase alphanumerics from the platform's CSPRNG
 * (`crypto.getRandomValues`, present in browsers, Node.js 20 and edge runtimes).
 */
export function createTraceId(length = TRACE_ID_LENGTH): string {
	let id = '';
	while (id.length < length) {
		const bytes = globalThis.crypto.getRandomValues(new Uint8Array(length * 2));
		for (const byte of bytes) {
			if (byte >= UNBIASED_LIMIT) continue;
			id += ALPHABET[byte % ALPHABET.length];
			if (id.length === length) break;
		}
	}
	return id;
}

/** Whether a string looks like an identifier this library would accept as a traceId: 1–64 URL-safe characters. */
export function isWellFormedTraceId(value: unknown): value is string {
	return typeof value === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(value);
}
