import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeExpandParams, encodeExpandParams } from '../../src/protocol/expand-params.js';

describe('expandParams codec', () => {
	it('is empty for no parameters', () => {
		expect(encodeExpandParams(undefined)).toBe('');
		expect(encodeExpandParams({})).toBe('');
		expect(decodeExpandParams('')).toEqual({});
	});

	it('encodes the guide format k1=v1|k2=v2, URL-encoded as a whole', () => {
		const encoded = encodeExpandParams({ param1: 'value1', param2: 'value2' });
		expect(encoded).toBe(encodeURIComponent('param1=value1|param2=value2'));
		expect(decodeURIComponent(encoded)).toBe('param1=value1|param2=value2');
	});

	it('leaves Chinese text readable after one URL-decode, as the platform sees it', () => {
		expect(decodeURIComponent(encodeExpandParams({ 渠道: '微信' }))).toBe('渠道=微信');
	});

	it('escapes the structural characters inside keys and values', () => {
		const params = { 'a|b': 'x=y|z%20', q: '100%' };
		const encoded = encodeExpandParams(params);
		expect(decodeURIComponent(encoded).split('|')).toHaveLength(2);
		expect(decodeExpandParams(encoded)).toEqual(params);
	});

	it('round-trips any UTF-8 keys and values', () => {
		fc.assert(
			fc.property(fc.dictionary(fc.string({ unit: 'grapheme', minLength: 1 }), fc.string({ unit: 'grapheme' })), (params) => {
				expect(decodeExpandParams(encodeExpandParams(params))).toEqual({ ...params });
			}),
			{ numRuns: 2_000 },
		);
	});

	it('rejects malformed input with invalid-expand-params', () => {
		for (const bad of ['%E4%B8', 'novalue', encodeURIComponent('=v'), '%']) {
			expect(() => decodeExpandParams(bad), bad).toThrow(expect.objectContaining({ code: 'invalid-expand-params' }));
		}
		expect(() => encodeExpandParams({ '': 'x' })).toThrow(expect.objectContaining({ code: 'invalid-expand-params' }));
		expect(() => encodeExpandParams({ k: 1 as unknown as string })).toThrow(expect.objectContaining({ code: 'invalid-expand-params' }));
	});
});
