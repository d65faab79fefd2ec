import { describe, expect, it } from 'vitest';
import { errorText, stringsFor } from '../../src/element/strings.js';
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

	it('both languages say the same set of things', () => {
		expect(Object.keys(stringsFor('en').errors).sort()).toEqual(Object.keys(stringsFor('zh-CN').errors).sort());
	});

	it('every platform category the user can act on has its own sentence; other codes get the fallback', () => {
		const strings = stringsFor('zh-CN');
		const categories = new Set(RESULT_CODES.map((e) => e.category).filter((c) => c !== 'ok'));
		for (const category of categories) expect(errorText(strings, category)).not.toBe(strings.errorFallback);
		for (const code of ['wifi-detected', 'network', 'timeout', 'invalid-response', 'http-error', 'replayed-trace'] as const) expect(errorText(strings, code)).not.toBe(strings.errorFallback);
		expect(errorText(strings, 'internal-error')).toBe(strings.errorFallback);
		// Every backend code yields some sentence.
		for (const code of BACKEND_ERROR_CODES) expect(errorText(strings, code).length).toBeGreaterThan(0);
	});

	it('the Wi-Fi hint tells the user to switch to cellular data', () => {
		expect(errorText(stringsFor('zh-CN'), 'wifi-detected')).toContain('手机数据网络');
		expect(errorText(stringsFor('en'), 'wifi-detected')).toContain('cellular data');
	});
});
