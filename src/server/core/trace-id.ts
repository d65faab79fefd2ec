/**
 * The traceIds sign issues carry their own proof, so sign keeps no per-request state a flood could
 * fill: 16 bytes written as 32 lowercase hex (the form real getMobile traffic shows, PROTOCOL.md § 6),
 *
 *   bytes 0–5   expiry, ms since the Unix epoch, big-endian (48 bits last until the year 10889)
 *   bytes 6–9   random, so two signs in the same millisecond differ
 *   bytes 10–15 the first 48 bits of HMAC-SHA256(key, bytes 0–9 ‖ the page's Origin)
 *
 * The MAC binds the expiry and the page's origin to this backend's secret: validate checks it
 * before it touches the store, so only a traceId sign issued (to that origin, still unexpired) can
 * reach the replay set. 48 bits suffice because a forgery can only be tried online, one request
 * per guess (2^47 requests on average), and buys nothing a free sign would not give.
 */
import { createHmac, hkdfSync, randomFillSync, timingSafeEqual } from 'node:crypto';

const BYTES = 16;
const SIGNED_BYTES = 10;
const MAC_BYTES = BYTES - SIGNED_BYTES;
const TRACE_ID = /^[0-9a-f]{32}$/;
/** Random bytes drawn 4 KiB at a time: one CSPRNG call per thousand traceIds instead of one each (12 µs of a sign's CPU). */
const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let taken = 0;

function copyRandom(target: Buffer, offset: number, length: number): void {
	if (taken + length > pool.length) {
		pool = randomFillSync(Buffer.allocUnsafe(POOL_BYTES));
		taken = 0;
	}
	pool.copy(target, offset, taken, taken + length);
	// Zeroed as taken, so a traceId's bytes never linger in the pool.
	pool.fill(0, taken, taken + length);
	taken += length;
}

/** HKDF's info: a key for this use only, whatever else the secret keys. */
const KEY_INFO = 'cmcc-uaid traceId MAC v1';

type TraceIdVerdict =
	| { readonly valid: true; readonly expiresAt: number }
	| { readonly valid: false; readonly reason: 'malformed' | 'forged' | 'expired' };

export interface TraceIds {
	/** A fresh traceId for a page at `origin` (empty without an Origin header), valid until `expiresAt` (ms since the epoch). */
	issue(origin: string, expiresAt: number): string;
	/** Checks the MAC first, then the expiry against `now`. */
	check(traceId: string, origin: string, now: number): TraceIdVerdict;
}

/**
 * The MAC key: HKDF-SHA256 of the secret (the appKey unless `traceSecret` is set), so every instance sharing the secret accepts the
 * others' traceIds.
 */
export function createTraceIds(secret: string | Uint8Array): TraceIds {
	const key = Buffer.from(hkdfSync('sha256', secret, 'cmcc-uaid', KEY_INFO, 32));
	const mac = (signed: Buffer, origin: string): Buffer =>
		createHmac('sha256', key).update(signed).update(origin, 'utf8').digest().subarray(0, MAC_BYTES);
	return {
		issue(origin, expiresAt) {
			const bytes = Buffer.allocUnsafe(BYTES);
			bytes.writeUIntBE(Math.ceil(expiresAt), 0, 6);
			copyRandom(bytes, 6, 4);
			mac(bytes.subarray(0, SIGNED_BYTES), origin).copy(bytes, SIGNED_BYTES);
			return bytes.toString('hex');
		},
		check(traceId, origin, now) {
			if (!TRACE_ID.test(traceId)) return { valid: false, reason: 'malformed' };
			const bytes = Buffer.from(traceId, 'hex');
			if (!timingSafeEqual(mac(bytes.subarray(0, SIGNED_BYTES), origin), bytes.subarray(SIGNED_BYTES)))
				return { valid: false, reason: 'forged' };
			const expiresAt = bytes.readUIntBE(0, 6);
			return expiresAt > now ? { valid: true, expiresAt } : { valid: false, reason: 'expired' };
		},
	};
}
