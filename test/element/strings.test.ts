import { describe, expect, it } from 'vitest';
import { situationOf, stringsFor } from '../../src/element/strings.js';
import { BACKEND_ERROR_CODES } from '../../src/protocol/backend-wire.js';
import { RESULT_CODES } from '../../src/protocol/result-codes.js';

describe('UI strings', () => {
	it('Simplified Chinese by default and for anything that is not English', () => {
		for (const lang of [undefined, null, '', 'zh-CN', 'zh', 'fr']) expect(stringsFor(lang).button).toBe('本机一键认证');
	});

	it('English for en and its regional forms', () => {
		for (const lang of ['en', 'en-US', 'EN-gb']) expect(stringsFor(lang).button).toBe('Verify this phone');
		expect(stringsFor('english').button).toBe('本机一键认证');
	});

	it('both languages say the same set of things, each in a sentence of its own', () => {
		const zh = stringsFor('zh-CN');
		const en = stringsFor('en');
		expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
		for (const strings of [zh, en]) expect(new Set(Object.values(strings)).size).toBe(Object.keys(strings).length);
	});

	it('every platform category the user can act on has a sentence of its own', () => {
		const categories = new Set(RESULT_CODES.map((e) => e.category).filter((c) => c !== 'ok'));
		expect([...new Set([...categories].map((category) => situationOf(category, 'token')))].sort()).toEqual(['expired', 'misconfigured', 'notCellular', 'rateLimited', 'unavailable']);
		expect(situationOf('wifi-detected', 'token')).toBe('wifi');
		expect(situationOf('replayed-trace', 'validate')).toBe('expired');
	});

	it("no answer from getMobile is the user's network; no answer from the site's own backend is its service, not the network", () => {
		for (const code of ['network', 'timeout'] as const) {
			expect(situationOf(code, 'token')).toBe('network');
			expect(situationOf(code, 'sign')).toBe('unavailable');
			expect(situationOf(code, 'validate')).toBe('unavailable');
		}
		for (const code of ['http-error', 'invalid-response', 'platform-unreachable', 'integrator-failed', 'internal-error', 'store-unavailable'] as const) expect(situationOf(code, 'validate')).toBe('unavailable');
	});

	it('every backend code yields a sentence in both languages', () => {
		for (const code of BACKEND_ERROR_CODES) {
			for (const lang of ['zh-CN', 'en']) expect(stringsFor(lang)[situationOf(code, 'validate')].length).toBeGreaterThan(0);
		}
	});

	it('the Wi-Fi hint tells the user to switch to cellular data', () => {
		expect(stringsFor('zh-CN').wifi).toContain('手机数据网络');
		expect(stringsFor('en').wifi).toContain('cellular data');
	});
});
