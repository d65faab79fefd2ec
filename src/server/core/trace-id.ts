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
import { hash, hkdfSync, randomFillSync, timingSafeEqual } from 'node:crypto';

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

/** SHA-256's block: HMAC pads its key to this many bytes. */
const BLOCK = 64;
/** Room for the origin in the prepared buffer; a longer one (no browser sends one) gets a buffer of its own. */
const ORIGIN_ROOM = 512;

/**
 * HMAC-SHA256 (RFC 2104) truncated to {@link MAC_BYTES}, as hex, made of two one-shot `crypto.hash`
 * calls into buffers prepared once: `H((K ⊕ opad) ‖ H((K ⊕ ipad) ‖ message))`. The same bytes as
 * `createHmac('sha256', key)` (test/security/trace-id.test.ts holds them together) at about a third
 * of its CPU: a `Hmac` object per sign was a tenth of sign's own work.
 */
function createMac(key: Buffer): (signed: Buffer, origin: string) => string {
	const prepared = Buffer.alloc(BLOCK + SIGNED_BYTES + ORIGIN_ROOM);
	const outer = Buffer.alloc(BLOCK + 32);
	for (let i = 0; i < BLOCK; i++) {
		prepared[i] = (key[i] ?? 0) ^ 0x36;
		outer[i] = (key[i] ?? 0) ^ 0x5c;
	}
	return (signed, origin) => {
		const length = BLOCK + SIGNED_BYTES + Buffer.byteLength(origin, 'utf8');
		// JavaScript runs one call at a time: the shared buffers are never written by two.
		const inner = length <= prepared.length ? prepared : Buffer.concat([prepared.subarray(0, BLOCK), Buffer.alloc(length - BLOCK)]);
		signed.copy(inner, BLOCK);
		inner.write(origin, BLOCK + SIGNED_BYTES, 'utf8');
		outer.write(hash('sha256', inner.subarray(0, length), 'hex'), BLOCK, 'hex');
		return hash('sha256', outer, 'hex').slice(0, MAC_BYTES * 2);
	};
}

/**
 * The MAC key: HKDF-SHA256 of the secret (the appKey unless `traceSecret` is set), so every instance sharing the secret accepts the
 * others' traceIds.
 */
export function createTraceIds(secret: string | Uint8Array): TraceIds {
	const mac = createMac(Buffer.from(hkdfSync('sha256', secret, 'cmcc-uaid', KEY_INFO, 32)));
	const signed = Buffer.alloc(SIGNED_BYTES);
	return {
		issue(origin, expiresAt) {
			signed.writeUIntBE(Math.ceil(expiresAt), 0, 6);
			copyRandom(signed, 6, 4);
			const traceId = signed.toString('hex') + mac(signed, origin);
			signed.fill(0, 6);
			return traceId;
		},
		check(traceId, origin, now) {
			if (!TRACE_ID.test(traceId)) return { valid: false, reason: 'malformed' };
			const bytes = Buffer.from(traceId, 'hex');
			const expected = Buffer.from(mac(bytes.subarray(0, SIGNED_BYTES), origin), 'hex');
			if (!timingSafeEqual(expected, bytes.subarray(SIGNED_BYTES))) return { valid: false, reason: 'forged' };
			const expiresAt = bytes.readUIntBE(0, 6);
			return expiresAt > now ? { valid: true, expiresAt } : { valid: false, reason: 'expired' };
		},
	};
}
