const ALPHABET_CODES = Array.from('abcdefghijklmnopqrstuvwxyz0123456789', (character) => character.charCodeAt(0));
/** The largest multiple of 36 below 256: bytes at or above it are drawn again so every character is equally likely. */
const UNBIASED_LIMIT = 252;

/** Length of the traceId/msgId the guide's examples use. */
export const TRACE_ID_LENGTH = 32;

/** Reused by every default-length id (ids are made synchronously, one at a time). */
const scratch = new Array<number>(TRACE_ID_LENGTH);

/**
 * Random bytes are drawn 4 KiB at a time, so one CSPRNG call serves about a hundred ids. Each byte
 * is zeroed as it is taken, so an id never lingers in the pool after it was made.
 */
const POOL_SIZE = 4096;
let pool = new Uint8Array(0);
let taken = 0;

function randomByte(): number {
	if (taken === pool.length) {
		pool = globalThis.crypto.getRandomValues(new Uint8Array(POOL_SIZE));
		taken = 0;
	}
	const byte = pool[taken]!;
	pool[taken++] = 0;
	return byte;
}

/**
 * A fresh traceId (also used as msgId): 32 lowercase alphanumerics from the platform's CSPRNG
 * (`crypto.getRandomValues`, present in browsers, Node.js 20 and edge runtimes).
 */
export function createTraceId(length = TRACE_ID_LENGTH): string {
	// Char codes first, one string at the end: appending 32 one-character strings made 32 strings
	// and a rope that the Map lookup and the MD5 then had to flatten.
	const codes = length === TRACE_ID_LENGTH ? scratch : new Array<number>(length);
	for (let i = 0; i < length; ) {
		const byte = randomByte();
		if (byte < UNBIASED_LIMIT) codes[i++] = ALPHABET_CODES[byte % ALPHABET_CODES.length]!;
	}
	if (length <= MAX_SPREAD) return String.fromCharCode(...codes);
	// Spreading a very long array would overflow the argument stack: join it in pieces.
	let id = '';
	for (let start = 0; start < length; start += MAX_SPREAD) id += String.fromCharCode(...codes.slice(start, start + MAX_SPREAD));
	return id;
}

const MAX_SPREAD = 4096;

/** Whether a string looks like an identifier this library would accept as a traceId: 1–64 URL-safe characters. */
export function isWellFormedTraceId(value: unknown): value is string {
	return typeof value === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(value);
}
