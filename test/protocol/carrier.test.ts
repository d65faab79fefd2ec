import { describe, expect, it } from 'vitest';
import { carrierFromMsisdnOwner, parseGetMobileResponse } from '../../src/protocol/index.js';

describe('the carrier a getMobile answer names', () => {
	it('reads msisdnOwner: CM, CU and CT as the three carriers, anything else as none', () => {
		expect(carrierFromMsisdnOwner('CM')).toBe('china-mobile');
		expect(carrierFromMsisdnOwner('CU')).toBe('china-unicom');
		expect(carrierFromMsisdnOwner('CT')).toBe('china-telecom');
		// Case and surrounding spaces do not matter; any other value names no carrier.
		expect(carrierFromMsisdnOwner(' cu ')).toBe('china-unicom');
		for (const value of [undefined, null, '', 'XX', 'toString', '__proto__', 1, {}])
			expect(carrierFromMsisdnOwner(value), String(value)).toBeUndefined();
	});

	it('is part of a parsed answer: the real 103111 of a China Unicom phone (PROTOCOL.md § 6.1)', () => {
		const seen =
			'{"header":{"appId":"300013207076","msgId":"D4C57297-86BB-4616-BD6C-FED206A52AD1","timestamp":"20260410015652829"},"body":{"msisdnOwner":"CU","msisdnOwnerback":"0","ctGetMobileSwitch":"0","resultCode":"103111","keytype":"1","cuGetMobileSwitch":"0","resultDesc":"WAP网关IP错误","ipType":"ipv6"}}';
		expect(parseGetMobileResponse(seen)).toMatchObject({ resultCode: '103111', category: 'not-cellular', carrier: 'china-unicom' });
		expect(parseGetMobileResponse({ resultCode: '103000', token: 't' })).not.toHaveProperty('carrier');
	});
});
