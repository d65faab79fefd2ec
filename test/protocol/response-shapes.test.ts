import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseGetMobileResponse, parseValidateResponse } from '../../src/protocol/response.js';
import { RESULT_CODES, type PlatformEndpoint } from '../../src/protocol/result-codes.js';

// Every shape real traffic or the guide has shown (docs/simulator.md, "Seen in real traffic").
const SHAPES = ['enveloped', 'flat', 'code-in-header'] as const;
// The guide's spelling, its validate example's typo, the lower-case one of vendor examples.
const SPELLINGS = ['resultCode', 'resultCoode', 'resultcode'] as const;

type Shape = (typeof SHAPES)[number];

function build(
	shape: Shape,
	spelling: string,
	code: string | number,
	desc: string,
	payload: Record<string, string>,
	extra: Record<string, unknown>,
): Record<string, unknown> {
	const result = { [spelling]: code, resultDesc: desc };
	const header = { appId: '300011580392', msgId: 'a'.repeat(32), timestamp: '20261130101607932' };
	if (shape === 'enveloped') return { header, body: { ...result, expandParams: '', ...payload, ...extra } };
	if (shape === 'flat') return { ...extra, ...result, ...payload };
	return { header: { ...header, ...result }, body: { ...payload, ...extra } };
}

const parse = (endpoint: PlatformEndpoint, value: unknown) =>
	endpoint === 'getMobile' ? parseGetMobileResponse(value) : parseValidateResponse(value);

// Extra fields as real answers carry them (msisdnOwner, ipType, keytype, …), never one of the fields read.
const READ_KEYS = new Set([
	'header',
	'body',
	'resultCode',
	'resultCoode',
	'resultcode',
	'resultDesc',
	'resultdesc',
	'token',
	'UAID',
	'uaid',
	'expandParams',
	'appId',
	'msgId',
	'timestamp',
	'version',
	'__proto__',
]);
const extraFields = fc.dictionary(
	fc.string({ minLength: 1, maxLength: 12 }).filter((key) => !READ_KEYS.has(key)),
	fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null)),
	{ maxKeys: 4 },
);

describe('answer shapes seen in real traffic', () => {
	it('reads every catalogued code in every shape, spelling and type, with extra fields ignored', () => {
		fc.assert(
			fc.property(
				fc.constantFrom(...RESULT_CODES),
				fc.constantFrom(...SHAPES),
				fc.constantFrom(...SPELLINGS),
				fc.boolean(),
				fc.boolean(),
				extraFields,
				(entry, shape, spelling, numeric, asText, extra) => {
					const payload: Record<string, string> =
						entry.category !== 'ok'
							? {}
							: entry.endpoint === 'getMobile'
								? { token: 'H5HTTPS4187AE9743AFCB14F8D99B9D65ED9E01' }
								: { UAID: 'c'.repeat(64) };
					const value = build(shape, spelling, numeric ? Number(entry.code) : entry.code, entry.zh, payload, extra);
					const result = parse(entry.endpoint, asText ? JSON.stringify(value) : value);
					expect(result).toMatchObject({
						resultCode: entry.code,
						resultDesc: entry.zh,
						category: entry.category,
						retryable: entry.retryable,
						known: true,
					});
					if (entry.category === 'ok' && entry.endpoint === 'getMobile') expect(result).toMatchObject({ token: payload.token });
					if (entry.category === 'ok' && entry.endpoint === 'imeiTokenValidate') expect(result).toMatchObject({ uaid: payload.UAID });
				},
			),
			{ numRuns: 400 },
		);
	});

	it.each(SHAPES.flatMap((shape) => SPELLINGS.map((spelling) => [shape, spelling] as const)))(
		'reads a %s answer spelt %s on both endpoints',
		(shape, spelling) => {
			expect(
				parseGetMobileResponse(build(shape, spelling, '103000', '成功', { token: 'H5HTTPS0123456789ABCDEF0123456789ABCDEF' }, {})),
			).toMatchObject({ category: 'ok', token: 'H5HTTPS0123456789ABCDEF0123456789ABCDEF' });
			expect(parseGetMobileResponse(build(shape, spelling, 103111, 'WAP网关IP错误', {}, { ipType: 'v4' }))).toMatchObject({
				resultCode: '103111',
				category: 'not-cellular',
				retryable: false,
				resultDesc: 'WAP网关IP错误',
			});
			expect(parseValidateResponse(build(shape, spelling, 0, '成功', { UAID: 'd'.repeat(64) }, { keytype: '1' }))).toMatchObject({
				resultCode: '000000',
				category: 'ok',
				uaid: 'd'.repeat(64),
			});
		},
	);

	it('reads the flat 103111 answer a real integration logged, and its success', () => {
		expect(parseGetMobileResponse('{"resultCode":"103111","resultDesc":"WAP网关IP错误"}')).toMatchObject({
			category: 'not-cellular',
			retryable: false,
			known: true,
		});
		expect(
			parseGetMobileResponse('{"resultCode":"103000","resultDesc":"成功","token":"H5HTTPS0123456789ABCDEF0123456789ABCDEF"}').token,
		).toBe('H5HTTPS0123456789ABCDEF0123456789ABCDEF');
	});

	it('keeps a code in no table, classed as an unknown platform-error', () => {
		fc.assert(
			fc.property(
				fc
					.integer({ min: 0, max: 999_999 })
					.map((n) => String(n).padStart(6, '0'))
					.filter((code) => !RESULT_CODES.some((e) => e.code === code)),
				fc.constantFrom(...SHAPES),
				fc.constantFrom(...SPELLINGS),
				(code, shape, spelling) => {
					const result = parseGetMobileResponse(build(shape, spelling, code, '某个新错误', {}, {}));
					expect(result).toMatchObject({
						resultCode: code,
						resultDesc: '某个新错误',
						category: 'platform-error',
						retryable: true,
						known: false,
					});
				},
			),
		);
	});

	it('refuses what carries no readable code anywhere as invalid-response', () => {
		fc.assert(
			fc.property(fc.oneof(fc.jsonValue(), fc.record({ header: extraFields, body: extraFields }), extraFields), (value) => {
				for (const endpoint of ['getMobile', 'imeiTokenValidate'] as const) {
					expect(() => parse(endpoint, value)).toThrow(expect.objectContaining({ code: 'invalid-response' }));
				}
			}),
			{ numRuns: 300 },
		);
	});
});
