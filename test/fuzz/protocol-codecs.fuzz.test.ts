/**
 * Property-based fuzzing of the protocol core's codecs: expandParams, timestamps and the parsing
 * of platform answers.
 *
 * Invariants:
 * - never a crash: every input either decodes or throws a `ProtocolError` with the codec's own
 *   stable code (`invalid-expand-params`, `invalid-timestamp`, `invalid-response`), nothing else;
 * - round trips: whatever is encoded decodes back to itself;
 * - a parsed answer's category is the catalogue's for its code (unknown codes: a retryable
 *   `platform-error`), and a success always carries its token or UAID.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
	classifyResultCode,
	decodeExpandParams,
	encodeExpandParams,
	formatTimestamp,
	isProtocolError,
	parseGetMobileResponse,
	parseTimestamp,
	parseValidateResponse,
	RESULT_CODES,
	type PlatformEndpoint,
	type ProtocolErrorCode,
	type ResultCategory,
} from '../../src/protocol/index.js';
import { budget, CaseTally, floorFor, FUZZ_TEST_TIMEOUT_MS, runs } from './support/budget.js';
import { anyJson, hostileText } from './support/invariants.js';

const tally = new CaseTally();
afterAll(() => tally.report('protocol codecs'));

const CATEGORIES: readonly ResultCategory[] = [
	'ok',
	'not-cellular',
	'app-config',
	'rate-limited',
	'token-expired',
	'bad-request',
	'platform-error',
];

/** Runs `work`; a throw must be a ProtocolError with `code`. */
function expectOnlyProtocolError<T>(code: ProtocolErrorCode, work: () => T): T | undefined {
	try {
		return work();
	} catch (error) {
		if (!isProtocolError(error) || error.code !== code) throw new Error(`expected only ProtocolError ${code}, got ${String(error)}`);
		return undefined;
	}
}

describe('expandParams codec', () => {
	const N = runs(10_000);

	it(
		'decodes every encoded record back to itself, whatever the keys and values hold',
		() => {
			const key = fc.oneof(
				fc.string({ minLength: 1, maxLength: 20 }),
				fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }),
				fc.constantFrom('%', '|', '=', '%7C', 'a=b', '渠道'),
			);
			// Lone surrogates are asked for explicitly: the 'binary' unit alone rarely produces one.
			const value = fc.oneof(
				fc.string({ maxLength: 40 }),
				fc.string({ unit: 'binary', maxLength: 40 }),
				fc.constantFrom('', '%', '|=|', '%25', '中文', '\uD800', 'a\uDFFFb', '\uDBFF\uDBFF'),
			);
			fc.assert(
				fc.property(fc.dictionary(key, value, { maxKeys: 6, noNullPrototype: false }), (params) => {
					tally.count('expandParams round trip');
					// Lone surrogates cannot be URL-encoded: the codec must refuse them with its own code, nothing else.
					const encoded = expectOnlyProtocolError('invalid-expand-params', () => encodeExpandParams(params));
					if (encoded === undefined) {
						expect(Object.entries(params).some(([k, v]) => /[\uD800-\uDFFF]/.test(k + v))).toBe(true);
						return;
					}
					// One URL-encoding of the whole: nothing but the characters encodeURIComponent leaves.
					expect(encoded).toMatch(/^[A-Za-z0-9\-_.!~*'()%]*$/);
					expect({ ...decodeExpandParams(encoded) }).toEqual({ ...params });
				}),
				budget(N),
			);
			expect(tally.of('expandParams round trip')).toBeGreaterThanOrEqual(floorFor(N));
		},
		FUZZ_TEST_TIMEOUT_MS,
	);

	it(
		'decodes any string to a record of strings, or refuses it with invalid-expand-params',
		() => {
			fc.assert(
				fc.property(
					fc.oneof(
						hostileText(120),
						fc.webQueryParameters(),
						fc.string({ unit: fc.constantFrom('%', '7', 'C', '3', 'D', '2', '5', 'a', '|', '='), maxLength: 30 }),
					),
					(text) => {
						tally.count('expandParams decode');
						const decoded = expectOnlyProtocolError('invalid-expand-params', () => decodeExpandParams(text));
						if (decoded === undefined) return;
						// No prototype pollution: the result has no prototype, and the global one is untouched.
						expect(Object.getPrototypeOf(decoded)).toBe(null);
						expect(({} as Record<string, unknown>).polluted).toBeUndefined();
						for (const [k, v] of Object.entries(decoded)) {
							expect(typeof k).toBe('string');
							expect(typeof v).toBe('string');
							expect(k).not.toBe('');
						}
					},
				),
				budget(N),
			);
			expect(tally.of('expandParams decode')).toBeGreaterThanOrEqual(floorFor(N));
		},
		FUZZ_TEST_TIMEOUT_MS,
	);

	it(
		'refuses values that are not strings, whatever they are',
		() => {
			fc.assert(
				fc.property(
					fc.string({ minLength: 1, maxLength: 10 }),
					fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.object({ maxDepth: 1 })),
					(key, value) => {
						tally.count('expandParams non-string');
						expect(() => encodeExpandParams({ [key]: value } as unknown as Record<string, string>)).toThrow(
							expect.objectContaining({ code: 'invalid-expand-params' }),
						);
					},
				),
				budget(runs(2000)),
			);
		},
		FUZZ_TEST_TIMEOUT_MS,
	);
});

describe('timestamp codec', () => {
	const N = runs(10_000);
	// 0000-01-01 to 9999-12-31 Beijing time, the range 17 digits can hold.
	const MIN_MS = Date.parse('0000-01-01T00:00:00.000+08:00');
	const MAX_MS = Date.parse('9999-12-31T23:59:59.999+08:00');

	it(
		'parses every formatted instant back to the same millisecond',
		() => {
			fc.assert(
				fc.property(fc.integer({ min: MIN_MS, max: MAX_MS }), (ms) => {
					tally.count('timestamp round trip');
					const text = formatTimestamp(ms);
					expect(text).toMatch(/^\d{17}$/);
					expect(parseTimestamp(text).getTime()).toBe(ms);
				}),
				budget(N),
			);
			expect(tally.of('timestamp round trip')).toBeGreaterThanOrEqual(floorFor(N));
		},
		FUZZ_TEST_TIMEOUT_MS,
	);

	it(
		'parses any string to a real instant that formats back to it, or refuses it with invalid-timestamp',
		() => {
			const digits17 = fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 17, maxLength: 17 });
			const nearMiss = digits17.chain((d) =>
				fc.oneof(
					fc.constant(d),
					fc.constant(d.slice(1)),
					fc.constant(`${d}0`),
					fc.constant(` ${d}`),
					fc.constant(d.replace(/^./, '٣')),
					fc.constant(`${d}\n`),
				),
			);
			fc.assert(
				fc.property(fc.oneof(digits17, nearMiss, hostileText(30), anyJson), (input) => {
					tally.count('timestamp parse');
					const date = expectOnlyProtocolError('invalid-timestamp', () => parseTimestamp(input as string));
					if (date === undefined) return;
					expect(Number.isFinite(date.getTime())).toBe(true);
					expect(formatTimestamp(date)).toBe(input);
				}),
				budget(N),
			);
			expect(tally.of('timestamp parse')).toBeGreaterThanOrEqual(floorFor(N));
		},
		FUZZ_TEST_TIMEOUT_MS,
	);

	it(
		'formats any number or date, or refuses it with invalid-timestamp',
		() => {
			fc.assert(
				fc.property(fc.oneof(fc.double(), fc.integer(), fc.date({ noInvalidDate: false })), (instant) => {
					tally.count('timestamp format');
					const text = expectOnlyProtocolError('invalid-timestamp', () => formatTimestamp(instant));
					if (text !== undefined) expect(text).toMatch(/^\d{17}$/);
				}),
				budget(runs(5000)),
			);
		},
		FUZZ_TEST_TIMEOUT_MS,
	);
});

describe('platform answer parsing', () => {
	const N = runs(10_000);
	const knownCodes = [...new Set(RESULT_CODES.map((entry) => entry.code))];
	const scalar = fc.oneof(fc.constantFrom(...knownCodes), fc.string({ maxLength: 8 }), fc.integer({ min: 0, max: 999_999 }), anyJson);

	/** A platform-shaped answer with random parts, or something else entirely. */
	const answer = fc.oneof(
		fc.record(
			{
				header: fc.oneof(anyJson, fc.record({ appId: scalar, msgId: scalar, timestamp: scalar, version: scalar }, { requiredKeys: [] })),
				body: fc.oneof(
					anyJson,
					fc.record(
						{
							resultCode: scalar,
							resultCoode: scalar,
							resultDesc: scalar,
							expandParams: scalar,
							token: scalar,
							UAID: scalar,
							uaid: scalar,
						},
						{ requiredKeys: [] },
					),
				),
			},
			{ requiredKeys: [] },
		),
		anyJson,
	);
	const input = fc.oneof(
		answer,
		answer.map((value) => JSON.stringify(value) ?? ''),
		hostileText(200),
	);

	for (const [endpoint, parse] of [
		['getMobile', parseGetMobileResponse],
		['imeiTokenValidate', parseValidateResponse],
	] as const) {
		it(
			`reads any ${endpoint} answer into a catalogued category, or refuses it with invalid-response`,
			() => {
				fc.assert(
					fc.property(input, (value) => {
						tally.count(`${endpoint} answer`);
						const result = expectOnlyProtocolError('invalid-response', () => parse(value));
						if (result === undefined) return;
						expect(CATEGORIES).toContain(result.category);
						expect(typeof result.resultCode).toBe('string');
						expect(result.resultCode).not.toBe('');
						const classification = classifyResultCode(endpoint as PlatformEndpoint, result.resultCode);
						expect(result.category).toBe(classification.category);
						expect(result.retryable).toBe(classification.retryable);
						if (!classification.known) expect([result.category, result.retryable]).toEqual(['platform-error', true]);
						if (result.category === 'ok') {
							const carried = 'token' in result ? result.token : (result as { uaid?: string }).uaid;
							expect(typeof carried).toBe('string');
							expect(carried).not.toBe('');
						}
					}),
					budget(N),
				);
				expect(tally.of(`${endpoint} answer`)).toBeGreaterThanOrEqual(floorFor(N));
			},
			FUZZ_TEST_TIMEOUT_MS,
		);
	}

	it(
		'classifies every catalogued code of a well-formed answer exactly as the catalogue says',
		() => {
			fc.assert(
				fc.property(fc.constantFrom(...RESULT_CODES), fc.boolean(), (entry, asText) => {
					tally.count('catalogue answers');
					const body = {
						resultCode: entry.code,
						resultDesc: entry.zh,
						expandParams: '',
						token: `H5HTTPS${'0'.repeat(32)}`,
						UAID: 'a'.repeat(64),
					};
					const value = { header: { appId: '1', msgId: 'm', timestamp: '20260101000000000' }, body };
					const result =
						entry.endpoint === 'getMobile'
							? parseGetMobileResponse(asText ? JSON.stringify(value) : value)
							: parseValidateResponse(asText ? JSON.stringify(value) : value);
					expect(result.category).toBe(entry.category);
					expect(result.retryable).toBe(entry.retryable);
				}),
				budget(runs(1000)),
			);
		},
		FUZZ_TEST_TIMEOUT_MS,
	);
});
