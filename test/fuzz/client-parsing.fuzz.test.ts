/**
 * Property-based fuzzing of how the browser client reads what comes back: the backend's sign and
 * validate answers, getMobile's answers, and whole runs of `UaidClient.start()` against answers
 * made of random statuses and bodies (a proxy page, a truncated body, a backend of another version).
 *
 * Invariants:
 * - never a crash: every outcome is a success with the promised shape, or a `UaidClientError`;
 * - the error's `code` is always one a page can switch on: a platform category, a backend code
 *   from the kit's table or one of the client's own — never whatever string an answer carried;
 * - a success is only reported for an answer that says success (a token from 103000, a UAID from
 *   a 2xx validate answer).
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createUaidClient, isUaidClientError, type UaidClientErrorCode } from '../../src/client/index.js';
import type { UaidClientOwnErrorCode } from '../../src/client/errors.js';
import { readSignedRequest } from '../../src/client/fetch-signed-request.js';
import { backendFailure } from '../../src/client/http.js';
import { requestToken } from '../../src/client/request-token.js';
import { requestUaid } from '../../src/client/request-uaid.js';
import {
	BACKEND_ERROR_CODES,
	GET_MOBILE_REQUIRED_FIELDS,
	RESULT_CODES,
	signGetMobileRequest,
	type ResultCategory,
} from '../../src/protocol/index.js';
import { budget, CaseTally, floorFor, FUZZ_TEST_TIMEOUT_MS, runs } from './support/budget.js';
import { anyBodyText, anyJson, assertInSet, hostileText } from './support/invariants.js';

const tally = new CaseTally();
afterAll(() => tally.report('client parsing'));

// Records keyed by the types: a code added to either type fails to compile here until it is listed.
const CLIENT_OWN_CODES: Record<UaidClientOwnErrorCode, true> = {
	network: true,
	timeout: true,
	aborted: true,
	'wifi-detected': true,
	'invalid-response': true,
	'http-error': true,
	'invalid-option': true,
	'consent-required': true,
};
const CATEGORIES: Record<Exclude<ResultCategory, 'ok'>, true> = {
	'not-cellular': true,
	'app-config': true,
	'rate-limited': true,
	'token-expired': true,
	'bad-request': true,
	'platform-error': true,
};
/** Every code the client documents (`UaidClientErrorCode`). */
const DOCUMENTED_CODES: ReadonlySet<UaidClientErrorCode> = new Set<UaidClientErrorCode>([
	...(Object.keys(CATEGORIES) as UaidClientErrorCode[]),
	...BACKEND_ERROR_CODES,
	...(Object.keys(CLIENT_OWN_CODES) as UaidClientErrorCode[]),
]);
const STAGES = ['sign', 'token', 'validate'];

function expectClientError(error: unknown, where: string): void {
	if (!isUaidClientError(error)) throw new Error(`${where}: threw something that is not a UaidClientError: ${String(error)}`);
	assertInSet<string>(error.code, DOCUMENTED_CODES as ReadonlySet<string>, `${where} code`);
	assertInSet(error.stage, STAGES, `${where} stage`);
	if (typeof error.retryable !== 'boolean') throw new Error(`${where}: retryable is not a boolean`);
}

const STATUSES = [200, 201, 202, 400, 401, 403, 404, 405, 409, 410, 413, 429, 500, 502, 503, 504];
const status = fc.constantFrom(...STATUSES);
const backendCode = fc.oneof(
	fc.constantFrom(...BACKEND_ERROR_CODES),
	fc.constantFrom('toString', '__proto__', 'constructor', 'hasOwnProperty', 'wifi-detected', 'aborted', 'UNKNOWN', ''),
	fc.string({ maxLength: 20 }),
);
/** Answers a backend or a proxy might give: its error JSON with random parts, its success JSON with random parts, or anything. */
const backendText = fc.oneof(
	fc
		.record({
			error: fc.oneof(
				anyJson,
				fc.record(
					{
						code: fc.oneof(backendCode, anyJson),
						message: fc.oneof(fc.string(), anyJson),
						retryable: fc.oneof(fc.boolean(), anyJson),
						platformCode: fc.oneof(fc.constantFrom('120009', '999999'), anyJson),
					},
					{ requiredKeys: [] },
				),
			),
		})
		.map((v) => JSON.stringify(v)),
	fc
		.record({ uaid: fc.oneof(fc.stringMatching(/^[0-9a-f]{64}$/), anyJson), traceId: fc.oneof(fc.string(), anyJson) }, { requiredKeys: [] })
		.map((v) => JSON.stringify(v)),
	anyBodyText,
	fc.constantFrom('<html><body><h1>502 Bad Gateway</h1></body></html>', ''),
);

describe('reading the backend’s answers', () => {
	const N = runs(10_000);

	it(
		'turns any non-2xx answer into an error with a documented code',
		() => {
			fc.assert(
				fc.property(
					fc.constantFrom('sign' as const, 'validate' as const),
					fc.integer({ min: 300, max: 599 }),
					backendText,
					(stage, code, text) => {
						tally.count('backendFailure');
						const error = backendFailure(stage, code, text);
						expectClientError(error, 'backendFailure');
						expect(error.status).toBe(code);
					},
				),
				budget(N),
			);
			expect(tally.of('backendFailure')).toBeGreaterThanOrEqual(floorFor(N));
		},
		FUZZ_TEST_TIMEOUT_MS,
	);

	it(
		'reads a sign answer into a complete getMobile body of strings, or refuses it with invalid-response',
		() => {
			const signed = signGetMobileRequest({ appId: '300011580392', appKey: 'k' }) as unknown as Record<string, unknown>;
			const near = fc
				.array(fc.tuple(fc.constantFrom(...Object.keys(signed), '__proto__'), fc.oneof(anyJson, hostileText(20))), { maxLength: 3 })
				.map((changes) => {
					const copy: Record<string, unknown> = { ...signed };
					for (const [key, value] of changes) copy[key] = value;
					return copy;
				});
			fc.assert(
				fc.property(fc.oneof(near, anyJson), status, (json, httpStatus) => {
					tally.count('readSignedRequest');
					let read: ReturnType<typeof readSignedRequest>;
					try {
						read = readSignedRequest(json, httpStatus);
					} catch (error) {
						expectClientError(error, 'readSignedRequest');
						expect((error as { code: string }).code).toBe('invalid-response');
						return;
					}
					for (const field of GET_MOBILE_REQUIRED_FIELDS) {
						expect(typeof read[field]).toBe('string');
						expect(read[field]).not.toBe('');
					}
					expect(typeof read.expandParams).toBe('string');
				}),
				budget(N),
			);
			expect(tally.of('readSignedRequest')).toBeGreaterThanOrEqual(floorFor(N));
		},
		FUZZ_TEST_TIMEOUT_MS,
	);
});

// ---------------------------------------------------------------- over a fake fetch

type Reply = { status: number; text: string } | 'network-error';
const reply = (r: Reply): Promise<Response> =>
	r === 'network-error'
		? Promise.reject(new TypeError('fetch failed'))
		: Promise.resolve(new Response(r.text, { status: r.status, headers: { 'content-type': 'application/json' } }));
const context = (fetchReply: () => Promise<Response>) => ({
	signal: new AbortController().signal,
	timeoutMs: 5_000,
	fetch: (() => fetchReply()) as typeof fetch,
});

const getMobileCodes = [...new Set(RESULT_CODES.filter((e) => e.endpoint === 'getMobile').map((e) => e.code))];
const platformText = fc.oneof(
	fc
		.record(
			{
				header: fc.oneof(anyJson, fc.constant({ appId: '300011580392', msgId: 'm', timestamp: '20260101000000000' })),
				body: fc.oneof(
					anyJson,
					fc.record(
						{
							resultCode: fc.oneof(fc.constantFrom(...getMobileCodes), fc.string({ maxLength: 7 }), anyJson),
							resultDesc: fc.oneof(fc.string(), anyJson),
							token: fc.oneof(fc.stringMatching(/^H5HTTPS[0-9A-F]{32}$/), anyJson),
						},
						{ requiredKeys: [] },
					),
				),
			},
			{ requiredKeys: [] },
		)
		.map((v) => JSON.stringify(v)),
	anyBodyText,
);
const anyReply = (text: fc.Arbitrary<string>): fc.Arbitrary<Reply> =>
	fc.oneof({ weight: 9, arbitrary: fc.record({ status, text }) }, { weight: 1, arbitrary: fc.constant('network-error' as const) });

describe('reading answers over a fetch', () => {
	const N = runs(3000);
	const signed = signGetMobileRequest({ appId: '300011580392', appKey: 'k' });

	it(
		'getMobile: a token only from a 103000 that carries one, otherwise an error with a documented code',
		async () => {
			await fc.assert(
				fc.asyncProperty(anyReply(platformText), async (r) => {
					tally.count('requestToken');
					try {
						const token = await requestToken(
							'http://platform.test/h5/getMobile',
							signed,
							context(() => reply(r)),
						);
						expect(r).not.toBe('network-error');
						const answer = JSON.parse((r as { text: string }).text);
						expect(String(answer.body.resultCode)).toBe('103000');
						expect(typeof token).toBe('string');
						expect(token).not.toBe('');
					} catch (error) {
						expectClientError(error, 'requestToken');
					}
				}),
				budget(N),
			);
			expect(tally.of('requestToken')).toBeGreaterThanOrEqual(floorFor(N));
		},
		FUZZ_TEST_TIMEOUT_MS,
	);

	it(
		'validate: a result only from a 2xx answer that names its traceId (with a non-empty UAID or none, and the other fields as data), otherwise an error with a documented code',
		async () => {
			await fc.assert(
				fc.asyncProperty(anyReply(backendText), async (r) => {
					tally.count('requestUaid');
					try {
						const result = await requestUaid(
							'http://backend.test/uaid/validate',
							{ token: `H5HTTPS${'0'.repeat(32)}`, traceId: 't' },
							{ credentials: 'same-origin' },
							context(() => reply(r)),
						);
						expect(r).not.toBe('network-error');
						expect((r as { status: number }).status).toBeLessThan(300);
						if ('uaid' in result) expect(result.uaid).toMatch(/./);
						expect(typeof result.traceId).toBe('string');
						expect(result.data).toBeTypeOf('object');
						expect(Object.keys(result.data)).not.toContain('uaid');
						expect(Object.keys(result.data)).not.toContain('traceId');
					} catch (error) {
						expectClientError(error, 'requestUaid');
					}
				}),
				budget(N),
			);
			expect(tally.of('requestUaid')).toBeGreaterThanOrEqual(floorFor(N));
		},
		FUZZ_TEST_TIMEOUT_MS,
	);

	it(
		'a whole run against random answers at every step resolves with a traceId and data or rejects with a documented code',
		async () => {
			const signText = fc.oneof({ weight: 3, arbitrary: fc.constant(JSON.stringify(signed)) }, { weight: 1, arbitrary: backendText });
			await fc.assert(
				fc.asyncProperty(
					anyReply(signText),
					anyReply(platformText),
					anyReply(backendText),
					fc.nat({ max: 2 }),
					async (signReply, tokenReply, validateReply, retries) => {
						tally.count('UaidClient.start');
						const byPath: Record<string, Reply> = { '/uaid/sign': signReply, '/h5/getMobile': tokenReply, '/uaid/validate': validateReply };
						const client = createUaidClient({
							signUrl: 'http://backend.test/uaid/sign',
							validateUrl: 'http://backend.test/uaid/validate',
							tokenUrl: 'http://platform.test/h5/getMobile',
							retries,
							timeoutMs: 5_000,
							fetch: ((input: Request | string | URL) =>
								reply(byPath[new URL(input instanceof Request ? input.url : String(input)).pathname]!)) as typeof fetch,
						});
						try {
							const result = await client.start();
							expect(typeof result.traceId).toBe('string');
							expect((result as { data?: unknown }).data).toBeTypeOf('object');
						} catch (error) {
							expectClientError(error, 'UaidClient.start');
						}
						expect(client.running).toBe(false);
					},
				),
				budget(runs(2000)),
			);
			expect(tally.of('UaidClient.start')).toBeGreaterThanOrEqual(floorFor(runs(2000)));
		},
		FUZZ_TEST_TIMEOUT_MS,
	);
});
