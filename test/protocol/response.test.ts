import { describe, expect, it } from 'vitest';
import { parseGetMobileResponse, parseValidateResponse } from '../../src/protocol/response.js';

describe('platform response parsing', () => {
	it('reads the guide getMobile example', () => {
		const result = parseGetMobileResponse({
			header: { appId: '300011580392', msgId: 'redbyxsdetddwaaffajcwwapspykftzx', timestamp: '20201125101607932' },
			body: { resultCode: '103000', expandParams: '', resultDesc: '成功', token: 'H5HTTPS4187AE9743AFCB14F8D99B9D65ED9E01' },
		});
		expect(result).toMatchObject({ resultCode: '103000', category: 'ok', token: 'H5HTTPS4187AE9743AFCB14F8D99B9D65ED9E01' });
	});

	it('reads the guide validate example with its resultCoode typo and differing echoes', () => {
		const text = JSON.stringify({
			header: { appId: '3000115804922', msgId: 'ead7c2ed-5a86-425e-a78f-dbe96eafa3f7', version: '1.0', timestamp: '20201123142955181' },
			body: {
				UAID: '13cadf1c4fc3f8c37b4caa62b6326cc523cadf1c4fc3f8c37b4caa62b6326cc8',
				resultCoode: '000000',
				expandParams: '',
				resultDesc: '成功',
			},
		});
		expect(parseValidateResponse(text)).toMatchObject({
			resultCode: '000000',
			category: 'ok',
			uaid: '13cadf1c4fc3f8c37b4caa62b6326cc523cadf1c4fc3f8c37b4caa62b6326cc8',
			header: { version: '1.0' },
		});
	});

	it('classes failures from the catalogue', () => {
		expect(parseGetMobileResponse({ body: { resultCode: '111002', resultDesc: '网关未插入手机号-116' } })).toMatchObject({
			category: 'not-cellular',
			retryable: false,
			resultDesc: '网关未插入手机号-116',
		});
		expect(parseValidateResponse({ header: {}, body: { resultCode: '120009' } })).toMatchObject({
			category: 'token-expired',
			retryable: true,
			resultDesc: '',
		});
	});

	it('accepts a numeric code', () => {
		expect(parseValidateResponse({ body: { resultCode: 999999 } })).toMatchObject({ resultCode: '999999', category: 'platform-error' });
	});

	it.each([
		['not JSON', '<html>'],
		['null', null],
		['an array', []],
		['no body', { header: {} }],
		['no code', { body: { resultDesc: 'x' } }],
		['an empty code', { body: { resultCode: '' } }],
	])('rejects %s with invalid-response', (_, value) => {
		expect(() => parseValidateResponse(value)).toThrow(expect.objectContaining({ code: 'invalid-response' }));
		expect(() => parseGetMobileResponse(value)).toThrow(expect.objectContaining({ code: 'invalid-response' }));
	});

	it('rejects a success without its payload', () => {
		expect(() => parseGetMobileResponse({ body: { resultCode: '103000' } })).toThrow(/no token/);
		expect(() => parseValidateResponse({ body: { resultCode: '000000' } })).toThrow(/no UAID/);
	});
});
