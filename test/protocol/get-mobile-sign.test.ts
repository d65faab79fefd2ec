import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { computeGetMobileSign, signGetMobileRequest, verifyGetMobileSign } from '../../src/protocol/get-mobile.js';
import { GET_MOBILE_REQUIRED_FIELDS } from '../../src/protocol/fields.js';
import { parseTimestamp } from '../../src/protocol/timestamp.js';

const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

// The guide's request example (§3.1.2), with an appkey of our own: the guide does not publish its key.
const GUIDE_EXAMPLE = {
	traceId: 'mfawsxtcmyplwzpayzzvdvbsowxmkynr',
	appId: '300011580392',
	msgId: 'redbyxsdetddwaaffajcwwapspykftzx',
	businessType: '3',
	version: '1.0',
	timestamp: '20201125101540980',
};

describe('getMobile MD5 sign', () => {
	it('matches golden vectors computed independently', () => {
		// Golden values: `printf %s '<concatenation>' | md5sum`.
		expect(computeGetMobileSign(GUIDE_EXAMPLE, 'appkey-for-tests')).toBe('a6590e4c43ba5276b3928a74c7f9b489');
		// UTF-8 bytes of a non-ASCII appkey, as Java's getBytes("UTF-8") would hash them.
		expect(computeGetMobileSign({ ...GUIDE_EXAMPLE, msgId: GUIDE_EXAMPLE.traceId }, '密钥')).toBe('ca709af5b7d2e0550dcf951167244681');
	});

	it('concatenates appId, businessType, msgId, timestamp, traceId, version, appkey in that order', () => {
		fc.assert(
			fc.property(
				fc.record({
					appId: fc.string(),
					businessType: fc.string(),
					msgId: fc.string(),
					timestamp: fc.string(),
					traceId: fc.string(),
					version: fc.string(),
				}),
				fc.string({ minLength: 1, unit: 'grapheme' }),
				(fields, key) => {
					const expected = md5(
						fields.appId + fields.businessType + fields.msgId + fields.timestamp + fields.traceId + fields.version + key,
					);
					expect(computeGetMobileSign(fields, key)).toBe(expected);
				},
			),
			{ numRuns: 1_000 },
		);
	});

	it('builds a complete, verifiable request with msgId = traceId and a fresh id each time', () => {
		const now = new Date('2026-11-28T02:00:00.123Z');
		const a = signGetMobileRequest({ appId: '300011580392', appKey: 'k', now });
		const b = signGetMobileRequest({ appId: '300011580392', appKey: 'k', now });
		for (const field of GET_MOBILE_REQUIRED_FIELDS) expect(typeof a[field]).toBe('string');
		expect(a).toMatchObject({ version: '1.0', businessType: '3', appId: '300011580392', timestamp: '20261128100000123', expandParams: '' });
		expect(a.msgId).toBe(a.traceId);
		expect(a.traceId).not.toBe(b.traceId);
		expect(a.sign).toMatch(/^[0-9a-f]{32}$/);
		expect(parseTimestamp(a.timestamp).getTime()).toBe(now.getTime());
		expect(verifyGetMobileSign(a, 'k')).toBe(true);
		expect(verifyGetMobileSign(a, 'other')).toBe(false);
		expect(verifyGetMobileSign({ ...a, sign: a.sign.toUpperCase() }, 'k')).toBe(true);
		expect(verifyGetMobileSign({ ...a, traceId: b.traceId }, 'k')).toBe(false);
	});

	it('signs whatever msgId is given, as the guide example differs from traceId', () => {
		const req = signGetMobileRequest({
			appId: GUIDE_EXAMPLE.appId,
			appKey: 'k',
			traceId: GUIDE_EXAMPLE.traceId,
			msgId: GUIDE_EXAMPLE.msgId,
		});
		expect(req.msgId).toBe(GUIDE_EXAMPLE.msgId);
		expect(req.sign).toBe(md5(`${req.appId}3${GUIDE_EXAMPLE.msgId}${req.timestamp}${GUIDE_EXAMPLE.traceId}1.0k`));
	});

	it('refuses to sign without an appId or appKey', () => {
		expect(() => signGetMobileRequest({ appId: '', appKey: 'k' })).toThrow(expect.objectContaining({ code: 'invalid-option' }));
		expect(() => signGetMobileRequest({ appId: '1', appKey: '' })).toThrow(expect.objectContaining({ code: 'invalid-option' }));
	});
});

describe('getMobile sign over text with no UTF-8 form', () => {
	it('refuses to sign a lone surrogate with a typed error, and never verifies it', () => {
		const fields = { appId: '1', businessType: '3', msgId: 'm', timestamp: '20201125101540980', traceId: '\ud800', version: '1.0' };
		expect(() => computeGetMobileSign(fields, 'k')).toThrow(expect.objectContaining({ code: 'invalid-option' }));
		expect(verifyGetMobileSign({ ...fields, sign: '0'.repeat(32) }, 'k')).toBe(false);
		// a proper pair is fine
		expect(computeGetMobileSign({ ...fields, traceId: '\ud83d\ude00' }, 'k')).toMatch(/^[0-9a-f]{32}$/);
	});
});

describe('the MD5 behind the sign', () => {
	const FIELDS = {
		appId: '300011580392',
		businessType: '8',
		msgId: 'ead7c2ed5a86425ea78fdbe96eafa3f7',
		timestamp: '20201123142955181',
		traceId: 'ead7c2ed5a86425ea78fdbe96eafa3f7',
		version: '1.0',
	};

	it('is the same where Node has no crypto.hash to lend (browsers, edge runtimes): spark-md5 then', async () => {
		const withNode = computeGetMobileSign(FIELDS, 'appkey 中文 😀');
		const process = globalThis.process as { getBuiltinModule?: unknown };
		const original = process.getBuiltinModule;
		let sparkCalls = 0;
		vi.resetModules();
		vi.doMock('spark-md5', async (importOriginal) => {
			const real = ((await importOriginal()) as { default: { hash(text: string): string } }).default;
			return { default: { hash: (text: string) => (sparkCalls++, real.hash(text)) } };
		});
		process.getBuiltinModule = undefined;
		try {
			const { computeGetMobileSign: withoutNode } = await import('../../src/protocol/get-mobile.js');
			expect(withoutNode(FIELDS, 'appkey 中文 😀')).toBe(withNode);
			expect(sparkCalls).toBe(1);
		} finally {
			process.getBuiltinModule = original;
			vi.doUnmock('spark-md5');
			vi.resetModules();
		}
	});
});
