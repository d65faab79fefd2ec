/**
 * Property-based fuzzing of the simulator over real HTTP: getMobile, imeiTokenValidate and the
 * `/__sim/` admin API.
 *
 * Invariants, for every generated request:
 * - the platform endpoints always answer HTTP 200 with the platform's JSON shape and a resultCode
 *   from the guide's table for that endpoint — never 999999 (the simulator's own failure) for
 *   client input, never a stack trace, never the appKey or a full token in a body;
 * - a rejected getMobile creates no token (the simulator's token count and its log say so);
 * - a validate refused before the token check (130032, 130010, 110022, 110023, 110004, 130018)
 *   leaves the token unconsumed: validating the real one afterwards succeeds;
 * - the admin API answers 2xx or a 4xx `{error:{code,message}}` with a code from its fixed set,
 *   never a 5xx, and a refused change leaves config, network and faults exactly as they were.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	computeGetMobileSign,
	RESULT_CODES,
	signGetMobileRequest,
	TOKEN_PATTERN,
	type GetMobileRequest,
} from '../../src/protocol/index.js';
import { buildValidateRequest } from '../../src/protocol/index.js';
import { signRsa } from '../../src/protocol/node/index.js';
import { DEMO_PRIVATE_KEY, startSimulator, type RunningSimulator, type SimulatorAppConfig } from '../../src/simulator/index.js';
import { DEMO_PUBLIC_KEY } from '../../src/simulator/demo-app.js';
import { budget, CaseTally, floorFor, FUZZ_TEST_TIMEOUT_MS, runs } from './support/budget.js';
import {
	anyBodyText,
	anyJson,
	assertEqual,
	assertInSet,
	assertNoSecret,
	assertNoStackTrace,
	fieldReplacement,
	hostileText,
	parseJsonOrFail,
} from './support/invariants.js';

const APP_ID = '300011580392';
const APP_KEY = 'fuzz-appkey-7d1e0c52-must-never-leak';
const MSISDN = '13800138000';
const BASE_APP: SimulatorAppConfig = { appId: APP_ID, appKey: APP_KEY, publicKey: DEMO_PUBLIC_KEY, rateLimitPerMinute: 1_000_000_000 };

const tally = new CaseTally();
let sim: RunningSimulator;

beforeAll(async () => {
	sim = await startSimulator({ config: { apps: [BASE_APP], network: { mode: 'cellular', msisdn: MSISDN } }, logLimit: 10 });
});
afterAll(async () => {
	await sim?.close();
	tally.report('simulator over HTTP');
});

const codesOf = (endpoint: 'getMobile' | 'imeiTokenValidate'): string[] => [
	...new Set(RESULT_CODES.filter((e) => e.endpoint === endpoint).map((e) => e.code)),
];
const GET_MOBILE_CODES = codesOf('getMobile');
const VALIDATE_CODES = codesOf('imeiTokenValidate');
/** Validate answers given before the token is looked at: the token must still be unused after them. */
const VALIDATE_BEFORE_TOKEN_CHECK = ['130032', '130010', '110022', '110023', '110004', '130018'];

/** Header values a browser or a script could send (printable ASCII, as fetch allows). */
const headerText = fc.oneof(
	fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 60 }),
	fc.constantFrom('null', 'https://m.example.com', 'https://m.example.com/', 'file://'),
);
const optionalHeaders = fc.record(
	{
		origin: headerText,
		referer: headerText,
		'content-type': fc.constantFrom(
			'text/plain;charset=UTF-8',
			'application/json',
			'application/x-www-form-urlencoded',
			'multipart/form-data; boundary=x',
			'',
		),
	},
	{ requiredKeys: [] },
);

async function post(url: string, body: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
	const response = await fetch(url, { method: 'POST', body, headers });
	return { status: response.status, text: await response.text() };
}

/** Checks shared by both platform endpoints; returns the parsed body. */
function checkPlatformAnswer(
	answer: { status: number; text: string },
	codes: string[],
	echoed: string,
	secrets: string[],
	where: string,
): { header: Record<string, unknown>; body: Record<string, unknown> } {
	assertEqual(answer.status, 200, `${where} HTTP status`);
	const json = parseJsonOrFail(answer.text, where);
	if (typeof json?.header !== 'object' || typeof json?.body !== 'object')
		throw new Error(`${where}: not the platform's {header, body} shape: ${answer.text.slice(0, 200)}`);
	assertInSet(json.body.resultCode, codes, `${where} resultCode`);
	if (json.body.resultCode === '999999')
		throw new Error(`${where}: 999999 (the simulator failed) for client input: ${echoed.slice(0, 200)}`);
	assertNoStackTrace(answer.text, where, echoed);
	assertNoSecret(answer.text, secrets, where);
	return json;
}

// ---------------------------------------------------------------- getMobile

const GET_MOBILE_FIELDS = ['version', 'timestamp', 'appId', 'businessType', 'traceId', 'traceid', 'msgId', 'sign', 'expandParams'] as const;

/** A getMobile body: a valid signed one changed in a few places (re-signed or not), or anything at all. */
const getMobileBody = fc.oneof(
	{
		weight: 3,
		arbitrary: fc
			.record({
				mutations: fc.array(fc.tuple(fc.oneof(fc.constantFrom(...GET_MOBILE_FIELDS), fc.string({ maxLength: 12 })), fieldReplacement), {
					maxLength: 3,
				}),
				resign: fc.boolean(),
			})
			.map(({ mutations, resign }) => {
				const request: Record<string, unknown> = { ...signGetMobileRequest({ appId: APP_ID, appKey: APP_KEY }) };
				for (const [field, change] of mutations) {
					if (change.kind === 'delete') delete request[field];
					else request[field] = change.value;
				}
				// Re-signing what was changed lets the request past the sign check, to the checks behind it.
				if (
					resign &&
					[request.appId, request.businessType, request.msgId, request.timestamp, request.traceId, request.version].every(
						(v) => typeof v === 'string',
					)
				) {
					try {
						request.sign = computeGetMobileSign(request as unknown as GetMobileRequest, APP_KEY);
					} catch {
						// A lone surrogate has no UTF-8 form, so nothing can sign it: the request goes with the old sign.
					}
				}
				return JSON.stringify(request);
			}),
	},
	{ weight: 2, arbitrary: anyBodyText },
);

describe('getMobile over HTTP', () => {
	const N = runs(2000);
	it(
		'answers every body with a catalogued code, and only a 103000 creates a token',
		async () => {
			await fc.assert(
				fc.asyncProperty(getMobileBody, optionalHeaders, async (body, headers) => {
					tally.count('getMobile');
					sim.clearLog();
					const before = sim.health().tokens;
					const answer = await post(sim.getMobileUrl, body, headers);
					const json = checkPlatformAnswer(answer, GET_MOBILE_CODES, body + JSON.stringify(headers), [APP_KEY], 'getMobile');
					const after = sim.health().tokens;
					const [entry, ...more] = sim.log();
					assertEqual(more.length, 0, 'log entries per request');
					assertEqual(entry?.resultCode, json.body.resultCode, 'logged resultCode');
					if (json.body.resultCode === '103000') {
						if (typeof json.body.token !== 'string' || !TOKEN_PATTERN.test(json.body.token))
							throw new Error(`103000 without a well-formed token: ${answer.text}`);
						assertEqual(after, before + 1, 'tokens after a 103000');
						// The log keeps a masked token only.
						if (entry?.token === json.body.token) throw new Error('the log holds the full token');
					} else {
						if ('token' in json.body) throw new Error(`a rejected getMobile carries a token: ${answer.text}`);
						assertEqual(after, before, `tokens after a rejected getMobile (${String(json.body.resultCode)})`);
						assertEqual(entry?.token, undefined, 'token in the log of a rejected getMobile');
					}
				}),
				budget(N),
			);
			expect(tally.of('getMobile')).toBeGreaterThanOrEqual(floorFor(N));
		},
		FUZZ_TEST_TIMEOUT_MS,
	);
});

// ---------------------------------------------------------------- imeiTokenValidate

async function freshToken(): Promise<string> {
	const answer = await post(sim.getMobileUrl, JSON.stringify(signGetMobileRequest({ appId: APP_ID, appKey: APP_KEY })));
	const token = JSON.parse(answer.text).body.token as string | undefined;
	if (!token) throw new Error(`no token: ${answer.text}`);
	return token;
}

const signedValidate = (token: string) =>
	buildValidateRequest({ appId: APP_ID, token, sign: (content) => signRsa(content, DEMO_PRIVATE_KEY, 'md5') });

type Mutation = { part: 'header' | 'body' | 'root'; field: string; change: { kind: 'delete' } | { kind: 'set'; value: unknown } };
const validateMutation: fc.Arbitrary<Mutation> = fc.record({
	part: fc.constantFrom('header' as const, 'body' as const, 'root' as const),
	field: fc.oneof(
		fc.constantFrom('appId', 'msgId', 'version', 'timestamp', 'token', 'sign', 'expandParams', 'header', 'body', 'resultCode'),
		fc.string({ maxLength: 10 }),
	),
	change: fieldReplacement,
});
/** How the validate body is spoiled: replaced by anything, or a signed one changed in a few places. */
const validateSpoiler = fc.oneof(
	{ weight: 1, arbitrary: anyBodyText.map((text) => ({ kind: 'text' as const, text })) },
	{
		weight: 3,
		arbitrary: fc.array(validateMutation, { minLength: 1, maxLength: 3 }).map((mutations) => ({ kind: 'mutate' as const, mutations })),
	},
);

describe('imeiTokenValidate over HTTP', () => {
	const N = runs(1500);
	it(
		'answers every body with a catalogued code, and a request refused before the token check never consumes the token',
		async () => {
			await fc.assert(
				fc.asyncProperty(validateSpoiler, async (spoiler) => {
					tally.count('imeiTokenValidate');
					const token = await freshToken();
					let text: string;
					if (spoiler.kind === 'text') text = spoiler.text;
					else {
						const request = (await signedValidate(token)) as unknown as Record<string, Record<string, unknown>>;
						for (const { part, field, change } of spoiler.mutations) {
							const target: Record<string, unknown> | undefined =
								part === 'root' ? request : typeof request[part] === 'object' && request[part] !== null ? request[part] : undefined;
							if (!target) continue;
							if (change.kind === 'delete') delete target[field];
							else target[field] = change.value;
						}
						text = JSON.stringify(request);
					}
					const answer = await post(sim.validateUrl, text);
					const json = checkPlatformAnswer(
						answer,
						VALIDATE_CODES,
						text,
						[APP_KEY, token, DEMO_PRIVATE_KEY.slice(40, 120)],
						'imeiTokenValidate',
					);
					const code = json.body.resultCode as string;
					assertInSet(code, [...VALIDATE_BEFORE_TOKEN_CHECK, '000000'], 'a spoiled validate for a fresh token');
					const again = await post(sim.validateUrl, JSON.stringify(await signedValidate(token)));
					const followUp = JSON.parse(again.text).body;
					if (code === '000000') {
						// The spoiling changed nothing signed: the UAID is right, and the token is spent.
						assertEqual(json.body.UAID, sim.uaidFor(APP_ID, MSISDN), 'UAID');
						assertEqual(followUp.resultCode, '120009', 'validating a spent token');
					} else {
						assertEqual(followUp.resultCode, '000000', `the real validate after a refused one (${code})`);
						assertEqual(followUp.UAID, sim.uaidFor(APP_ID, MSISDN), 'UAID after a refused validate');
					}
				}),
				budget(N),
			);
			expect(tally.of('imeiTokenValidate')).toBeGreaterThanOrEqual(floorFor(N));
		},
		FUZZ_TEST_TIMEOUT_MS,
	);
});

// ---------------------------------------------------------------- admin API

const ADMIN_ERROR_CODES = [
	'not-found',
	'method-not-allowed',
	'payload-too-large',
	'invalid-json',
	'invalid-simulator-config',
	'unknown-app',
	'unsupported-media-type',
];
const ADMIN_ROUTES = ['health', 'config', 'apps', `apps/${APP_ID}`, 'apps/unknown', 'network', 'faults', 'reset', 'log'];

/** encodeURIComponent, with lone surrogates (which it refuses) made well-formed first. */
const encodePart = (text: string): string =>
	encodeURIComponent(text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'));
/** Raw path text with %-escapes that may be malformed, as a hand-written URL can have. */
const rawEscapes = fc.string({ unit: fc.constantFrom('%', 'E', '0', 'A', 'z', '2', 'F', 'a', '-'), minLength: 1, maxLength: 12 });

const adminPath = fc.oneof(
	{ weight: 4, arbitrary: fc.constantFrom(...ADMIN_ROUTES) },
	{ weight: 1, arbitrary: fc.array(hostileText(20), { minLength: 1, maxLength: 3 }).map((parts) => parts.map(encodePart).join('/')) },
	{ weight: 1, arbitrary: hostileText(12).map((s) => `apps/${encodePart(s)}`) },
	{
		weight: 1,
		arbitrary: fc.oneof(
			rawEscapes,
			rawEscapes.map((s) => `apps/${s}`),
		),
	},
);
const scalar = fc.oneof(anyJson, hostileText(30));
/** Admin bodies: near-valid settings with random parts, or anything. */
const adminBody = fc.oneof(
	fc
		.record(
			{
				mode: fc.oneof(fc.constantFrom('cellular', 'wifi', 'other-carrier', 'blacklisted'), scalar),
				msisdn: fc.oneof(fc.constantFrom('13912345678', '1391234567'), scalar),
			},
			{ requiredKeys: [] },
		)
		.map((v) => JSON.stringify(v)),
	fc
		.record(
			{
				getMobile: fc.oneof(
					scalar,
					fc.record(
						{
							latencyMs: fc.oneof(fc.integer({ min: -5, max: 200_000 }), scalar),
							resultCode: fc.oneof(fc.constantFrom('999999', '111002', '103000', '120009'), scalar),
							variant: scalar,
							httpStatus: fc.oneof(fc.integer({ min: 100, max: 700 }), scalar),
							garbled: scalar,
							drop: scalar,
							count: scalar,
						},
						{ requiredKeys: [] },
					),
				),
				imeiTokenValidate: scalar,
				other: scalar,
			},
			{ requiredKeys: [] },
		)
		.map((v) => JSON.stringify(v)),
	fc
		.record(
			{
				appId: fc.oneof(fc.constantFrom('fuzz-app', APP_ID), scalar),
				appKey: fc.oneof(fc.constant('fuzz-registered-appkey-secret'), scalar),
				publicKey: fc.oneof(fc.constant(DEMO_PUBLIC_KEY), scalar),
				validFrom: scalar,
				validTo: scalar,
				rights: scalar,
				serverIps: scalar,
				rateLimitPerMinute: scalar,
				extra: scalar,
			},
			{ requiredKeys: [] },
		)
		.map((v) => JSON.stringify(v)),
	anyBodyText,
);

function snapshot(): string {
	return JSON.stringify({ config: sim.describeConfig(), network: sim.network(), faults: sim.faults() });
}

function restoreBaseline(): void {
	sim.reset();
	for (const app of (sim.describeConfig() as { apps: SimulatorAppConfig[] }).apps) if (app.appId !== APP_ID) sim.removeApp(app.appId);
	sim.registerApp(BASE_APP);
}

describe('admin API over HTTP', () => {
	const N = runs(2000);
	it(
		'answers 2xx or a stable 4xx error, never a 5xx, and a refused change leaves the state as it was',
		async () => {
			await fc.assert(
				fc.asyncProperty(
					fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'),
					adminPath,
					adminBody,
					async (method, path, body) => {
						tally.count('admin API');
						restoreBaseline();
						const before = snapshot();
						const response = await fetch(`${sim.url}/__sim/${path}`, {
							method,
							...(method === 'GET' || method === 'HEAD' ? {} : { body, headers: { 'content-type': 'application/json' } }),
						});
						const text = await response.text();
						const where = `${method} /__sim/${path}`;
						if (response.status >= 500)
							throw new Error(`${where}: HTTP ${response.status} for client input ${body.slice(0, 200)}: ${text.slice(0, 200)}`);
						assertInSet(response.status, [200, 204, 400, 404, 405, 413, 415], `${where} status`);
						assertNoStackTrace(text, where, path + body);
						assertNoSecret(text, [APP_KEY, 'fuzz-registered-appkey-secret'], where);
						if (text !== '' && method !== 'HEAD') {
							const json = parseJsonOrFail(text, where);
							if (response.status >= 400) {
								assertInSet(json?.error?.code, ADMIN_ERROR_CODES, `${where} error code`);
								if (typeof json.error.message !== 'string') throw new Error(`${where}: error without a message`);
							}
						}
						if (response.status >= 400) assertEqual(snapshot(), before, `${where}: state after a refused change`);
					},
				),
				budget(N),
			);
			restoreBaseline();
			expect(tally.of('admin API')).toBeGreaterThanOrEqual(floorFor(N));
		},
		FUZZ_TEST_TIMEOUT_MS,
	);
});
