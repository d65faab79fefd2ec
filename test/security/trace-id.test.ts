import { createHmac, hkdfSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createTraceIds } from '../../src/server/core/trace-id.js';

/** The traceId's MAC as the documented construction defines it, with Node's own HMAC. */
function referenceMac(secret: string, traceId: string, origin: string): string {
	const key = Buffer.from(hkdfSync('sha256', secret, 'cmcc-uaid', 'cmcc-uaid traceId MAC v1', 32));
	return createHmac('sha256', key)
		.update(Buffer.from(traceId.slice(0, 20), 'hex'))
		.update(origin, 'utf8')
		.digest('hex')
		.slice(0, 12);
}

const ORIGINS = [
	'',
	'https://m.example.com',
	'http://127.0.0.1:5173',
	'https://中文.example',
	`https://${'a'.repeat(600)}.example`, // longer than the prepared buffer's room
	'https://\ud800.example', // a lone surrogate: written as U+FFFD by both
];

describe('traceId MAC', () => {
	it('is HMAC-SHA256 over expiry, random and origin, truncated to 48 bits, for every kind of origin', () => {
		const secret = 'appkey-for-the-mac-test';
		const traceIds = createTraceIds(secret);
		const expiresAt = Date.now() + 60_000;
		for (const origin of ORIGINS) {
			for (let i = 0; i < 20; i++) {
				const traceId = traceIds.issue(origin, expiresAt);
				expect(traceId).toMatch(/^[0-9a-f]{32}$/);
				expect(traceId.slice(20)).toBe(referenceMac(secret, traceId, origin));
				expect(traceIds.check(traceId, origin, Date.now())).toEqual({ valid: true, expiresAt: Math.ceil(expiresAt) });
			}
		}
	});

	it('refuses a traceId for another origin, another secret, a changed byte, or after its expiry', () => {
		const traceIds = createTraceIds('secret-one-secret-one');
		const expiresAt = Date.now() + 60_000;
		const traceId = traceIds.issue('https://m.example.com', expiresAt);
		expect(traceIds.check(traceId, 'https://m.example.org', Date.now())).toEqual({ valid: false, reason: 'forged' });
		expect(createTraceIds('secret-two-secret-two').check(traceId, 'https://m.example.com', Date.now())).toEqual({
			valid: false,
			reason: 'forged',
		});
		const flipped = `${traceId.slice(0, 12)}${traceId[12] === '0' ? '1' : '0'}${traceId.slice(13)}`;
		expect(traceIds.check(flipped, 'https://m.example.com', Date.now())).toEqual({ valid: false, reason: 'forged' });
		expect(traceIds.check(traceId, 'https://m.example.com', expiresAt + 1)).toEqual({ valid: false, reason: 'expired' });
		expect(traceIds.check(traceId.toUpperCase(), 'https://m.example.com', Date.now())).toEqual({ valid: false, reason: 'malformed' });
	});

	it('gives two traceIds issued in the same millisecond different random bytes', () => {
		const traceIds = createTraceIds('secret-one-secret-one');
		const ids = new Set(Array.from({ length: 2000 }, () => traceIds.issue('https://m.example.com', 1_900_000_000_000)));
		expect(ids.size).toBe(2000);
	});
});
