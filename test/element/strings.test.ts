import { describe, expect, it } from 'vitest';
import { UaidClientError } from '../../src/client/errors.js';
import { failureSentence, situationOf, stringsFor } from '../../src/element/strings.js';
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

	it("tells each catalogue row's own sentence: the row's user key is the one the element shows", () => {
		for (const e of RESULT_CODES.filter((row) => row.category !== 'ok'))
			expect(
				situationOf(e.category as Exclude<typeof e.category, 'ok'>, e.endpoint === 'getMobile' ? 'token' : 'validate'),
				`${e.endpoint} ${e.code}`,
			).toBe(e.user);
	});

	it("names the carrier getMobile's answer named, in both languages, and only another carrier's", () => {
		const error = (carrier?: 'china-mobile' | 'china-unicom' | 'china-telecom') =>
			new UaidClientError('not-cellular', 'WAP网关IP错误', {
				stage: 'token',
				retryable: false,
				platformCode: '103111',
				...(carrier ? { carrier } : {}),
			});
		expect(failureSentence(stringsFor('zh-CN'), error('china-unicom'))).toContain('中国联通');
		expect(failureSentence(stringsFor('zh-CN'), error('china-telecom'))).toContain('中国电信');
		expect(failureSentence(stringsFor('en'), error('china-unicom'))).toContain('China Unicom');
		expect(failureSentence(stringsFor('en'), error('china-telecom'))).toContain('China Telecom');
		for (const lang of ['zh-CN', 'en']) {
			expect(failureSentence(stringsFor(lang), error('china-unicom'))).not.toContain('{carrier}');
			expect(failureSentence(stringsFor(lang), error('china-mobile'))).toBe(stringsFor(lang).notCellular);
			expect(failureSentence(stringsFor(lang), error())).toBe(stringsFor(lang).notCellular);
		}
	});

	it('every platform category the user can act on has a sentence of its own', () => {
		const categories = new Set(RESULT_CODES.map((e) => e.category).filter((c) => c !== 'ok'));
		expect([...new Set([...categories].map((category) => situationOf(category, 'token')))].sort()).toEqual([
			'expired',
			'misconfigured',
			'notCellular',
			'rateLimited',
			'unavailable',
		]);
		expect(situationOf('wifi-detected', 'token')).toBe('wifi');
		expect(situationOf('replayed-trace', 'validate')).toBe('expired');
	});

	it("no answer from getMobile is the user's network; no answer from the site's own backend is its service, not the network", () => {
		for (const code of ['network', 'timeout'] as const) {
			expect(situationOf(code, 'token')).toBe('network');
			expect(situationOf(code, 'sign')).toBe('unavailable');
			expect(situationOf(code, 'validate')).toBe('unavailable');
		}
		for (const code of [
			'http-error',
			'invalid-response',
			'platform-unreachable',
			'integrator-failed',
			'internal-error',
			'store-unavailable',
		] as const)
			expect(situationOf(code, 'validate')).toBe('unavailable');
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
