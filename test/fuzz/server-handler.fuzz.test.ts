/**
 * Property-based fuzzing of the server kit's sign and validate endpoints, through the Fetch
 * handler directly and through `toNodeListener` over real HTTP, against the simulator.
 *
 * Invariants, for every generated request:
 * - never a crash and never a 5xx for client input: a 200 with the documented body, a 204 for a
 *   preflight, or the documented error JSON whose `code` is in the kit's table and whose HTTP
 *   status is that table's status for the code;
 * - no stack trace, no appKey, no private key and no full token in any body or log line;
 * - a 200 from sign is a getMobile body whose MD5 sign verifies with the appKey;
 * - no state change from a rejected request, and none from sign at all (its traceId carries its own
 *   expiry under a MAC); a validate
 *   refused before the traceId is consumed (bad input, origin, method, path, an unknown traceId)
 *   leaves the real traceId usable — validating the real pair afterwards succeeds.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	BACKEND_ERROR_CODES,
	decodeExpandParams,
	isWellFormedTraceId,
	signGetMobileRequest,
	verifyGetMobileSign,
	type GetMobileRequest,
} from '../../src/protocol/index.js';
import {
	createMemoryStore,
	createUaidHandler,
	toNodeListener,
	type UaidHandler,
	type UaidLogEvent,
	type UaidStore,
} from '../../src/server/index.js';
import { BACKEND_ERROR_TABLE } from '../../src/server/errors/error-codes.js';
import { DEMO_PRIVATE_KEY, startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { DEMO_PUBLIC_KEY } from '../../src/simulator/demo-app.js';
import { budget, CaseTally, floorFor, FUZZ_TEST_TIMEOUT_MS, runs } from './support/budget.js';
import {
	anyBodyText,
	assertEqual,
	assertInSet,
	assertNoSecret,
	assertNoStackTrace,
	fieldReplacement,
	hostileText,
	parseJsonOrFail,
} from './support/invariants.js';

const APP_ID = '300011580392';
const APP_KEY = 'fuzz-kit-appkey-0b6a4c1d-must-never-leak';
const MSISDN = '13800138000';
const PAGE_ORIGIN = 'https://m.example.com';
const KIT_ORIGIN = 'http://kit.test';
/** Enough of the private key that any leak of it would be caught, without matching by chance. */
const PRIVATE_KEY_PARTS = [DEMO_PRIVATE_KEY.slice(40, 100), DEMO_PRIVATE_KEY.slice(-80, -20)];

const tally = new CaseTally();
let sim: RunningSimulator;
let handler: UaidHandler;
let server: Server;
let kitUrl: string;
const logs: UaidLogEvent[] = [];
const counts = { consumed: 0 };

/** The memory store, counting what reaches it: sign must never write a traceId to it. */
function countingStore(): UaidStore {
	const inner = createMemoryStore();
	return {
		consumeTrace: (traceId, ttlMs) => {
			counts.consumed++;
			return inner.consumeTrace(traceId, ttlMs);
		},
		hit: (key, windowMs) => inner.hit(key, windowMs),
	};
}

beforeAll(async () => {
	sim = await startSimulator({
		config: {
			apps: [{ appId: APP_ID, appKey: APP_KEY, publicKey: DEMO_PUBLIC_KEY, rateLimitPerMinute: 1_000_000_000 }],
			network: { mode: 'cellular', msisdn: MSISDN },
		},
		logLimit: 10,
	});
	handler = createUaidHandler({
		appId: APP_ID,
		appKey: APP_KEY,
		privateKey: DEMO_PRIVATE_KEY,
		validateUrl: sim.validateUrl,
		allowedOrigins: [PAGE_ORIGIN],
		allowedExpandParams: ['channel'],
		rateLimit: { limit: 1_000_000_000 },
		store: countingStore(),
		logger: (event) => logs.push(event),
	});
	server = createServer(toNodeListener(handler));
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	kitUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
	server?.closeAllConnections();
	await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
	await sim?.close();
	tally.report('server kit');
});

// ---------------------------------------------------------------- transports

interface Sent {
	method: string;
	path: string;
	headers: Record<string, string>;
	body: string | Uint8Array | undefined;
}
interface Answer {
	status: number;
	text: string;
}
type Transport = (request: Sent) => Promise<Answer>;

const direct: Transport = async ({ method, path, headers, body }) => {
	const response = await handler(
		new Request(KIT_ORIGIN + path, {
			method,
			headers,
			...(body !== undefined && method !== 'GET' && method !== 'HEAD' ? { body: body as BodyInit } : {}),
		}),
	);
	return { status: response.status, text: await response.text() };
};
const overHttp: Transport = async ({ method, path, headers, body }) => {
	const response = await fetch(kitUrl + path, {
		method,
		headers,
		...(body !== undefined && method !== 'GET' && method !== 'HEAD' ? { body: body as BodyInit } : {}),
	});
	return { status: response.status, text: await response.text() };
};

// ---------------------------------------------------------------- generators

const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 50 });
const originHeader = fc.oneof(
	{ weight: 5, arbitrary: fc.constant({ origin: PAGE_ORIGIN }) },
	{ weight: 1, arbitrary: fc.constant({}) },
	{
		weight: 1,
		arbitrary: fc
			.constantFrom(
				KIT_ORIGIN,
				'null',
				'https://m.example.com.evil.test',
				'http://m.example.com',
				'https://m.example.com:443',
				`${PAGE_ORIGIN}/`,
			)
			.map((origin) => ({ origin })),
	},
	{ weight: 1, arbitrary: printable.map((origin) => ({ origin })) },
);
const contentType = fc.constantFrom<Record<string, string>>(
	{},
	{ 'content-type': 'application/json' },
	{ 'content-type': 'text/plain;charset=UTF-8' },
	{ 'content-type': 'application/x-www-form-urlencoded' },
	{ 'content-type': 'application/json; charset=latin1' },
);
const method = fc.oneof(
	{ weight: 8, arbitrary: fc.constant('POST') },
	{ weight: 1, arbitrary: fc.constantFrom('GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD') },
);
const pathFor = (endpoint: string) =>
	fc.oneof(
		{ weight: 8, arbitrary: fc.constant(`/uaid/${endpoint}`) },
		{
			weight: 1,
			arbitrary: fc.constantFrom(
				`/uaid/${endpoint}/`,
				`/uaid/${endpoint.toUpperCase()}`,
				`/uaid//${endpoint}`,
				`/uaid/${endpoint}?x=1`,
				`/uaid/x/../${endpoint}`,
				'/uaid',
				'/',
				`/uaid/${endpoint}%00`,
			),
		},
		{
			weight: 1,
			arbitrary: fc.string({ unit: fc.constantFrom('a', '/', '.', '%', '2', 'F', 'u', 'i', 'd'), maxLength: 20 }).map((p) => `/uaid/${p}`),
		},
	);
const rawBytes = fc.uint8Array({ maxLength: 200 });
/** Bodies far past maxBodyBytes (4096), the kit's 413 path. */
const oversized = fc.integer({ min: 4097, max: 20_000 }).map((n) => `{"expandParams":{"channel":"${'x'.repeat(n)}"}}`);

const signBody = fc.oneof(
	{ weight: 2, arbitrary: fc.constantFrom(undefined, '', '{}', '  ') },
	{
		weight: 3,
		arbitrary: fc
			.dictionary(
				fc.oneof(fc.constantFrom('channel', 'other', '__proto__', 'constructor'), fc.string({ maxLength: 8 })),
				fc.oneof(hostileText(300), fc.jsonValue({ maxDepth: 2 })),
				{ maxKeys: 3 },
			)
			.map((expandParams) => JSON.stringify({ expandParams })),
	},
	{ weight: 3, arbitrary: anyBodyText },
	{ weight: 1, arbitrary: rawBytes },
	{ weight: 1, arbitrary: oversized },
);

// ---------------------------------------------------------------- shared checks

const SECRETS = [APP_KEY, ...PRIVATE_KEY_PARTS];
const STATUSES_BY_CODE = BACKEND_ERROR_TABLE as Record<string, { status: number }>;

/** The error answer: a code from the table, the table's status, no stack, no secret. */
function checkAnswer(answer: Answer, sent: Sent, extraSecrets: string[], where: string): any {
	const echoed = sent.path + JSON.stringify(sent.headers) + (typeof sent.body === 'string' ? sent.body : '');
	if (answer.status >= 500)
		throw new Error(`${where}: HTTP ${answer.status} for client input (${sent.method} ${sent.path}): ${answer.text.slice(0, 300)}`);
	assertNoStackTrace(answer.text, where, echoed);
	assertNoSecret(answer.text, [...SECRETS, ...extraSecrets], where);
	assertNoSecret(JSON.stringify(logs), [...SECRETS, ...extraSecrets], `${where} log`);
	logs.length = 0;
	if (answer.status === 204) {
		assertEqual(sent.method, 'OPTIONS', `${where}: 204 for a non-preflight`);
		return undefined;
	}
	// A HEAD answer has its status and headers only.
	if (sent.method === 'HEAD' && answer.text === '') {
		const byStatus: Record<number, string> = { 403: 'origin-not-allowed', 404: 'not-found', 405: 'method-not-allowed' };
		assertInSet(answer.status, [403, 404, 405], `${where}: HEAD`);
		return { error: { code: byStatus[answer.status] } };
	}
	const json = parseJsonOrFail(answer.text, where);
	if (answer.status === 200) return json;
	assertInSet(json?.error?.code, BACKEND_ERROR_CODES, `${where} error code`);
	assertEqual(answer.status, STATUSES_BY_CODE[json.error.code]?.status, `${where} status of ${json.error.code}`);
	if (typeof json.error.message !== 'string' || typeof json.error.retryable !== 'boolean')
		throw new Error(`${where}: not the documented error JSON: ${answer.text}`);
	return json;
}

// ---------------------------------------------------------------- sign

function signProperty(transport: Transport, target: string) {
	return fc.asyncProperty(method, pathFor('sign'), originHeader, contentType, signBody, async (m, path, origin, type, body) => {
		tally.count(target);
		const sent: Sent = { method: m, path, headers: { ...origin, ...type }, body };
		const consumedBefore = counts.consumed;
		const answer = await transport(sent);
		const json = checkAnswer(answer, sent, [], target);
		if (answer.status === 200) {
			const signed = json as GetMobileRequest;
			if (!verifyGetMobileSign(signed, APP_KEY)) throw new Error(`${target}: a 200 whose sign does not verify: ${answer.text}`);
			if (!isWellFormedTraceId(signed.traceId) || !/^[0-9a-f]{32}$/.test(signed.traceId))
				throw new Error(`${target}: a malformed traceId ${signed.traceId}`);
			for (const key of Object.keys(decodeExpandParams(signed.expandParams)))
				assertEqual(key, 'channel', `${target}: an expandParams key that is not allow-listed`);
		}
		assertEqual(counts.consumed, consumedBefore, `${target}: store writes of a sign (${answer.status})`);
	});
}

describe('sign', () => {
	it(
		'through the Fetch handler: a verifiable signed body or a documented 4xx, and no sign writes a traceId to the store',
		async () => {
			const N = runs(3000);
			// Found by a long run: a lone surrogate in an allowed expandParams value was a 500. Always replayed first.
			const examples: [string, string, Record<string, string>, Record<string, string>, string][] = [
				['POST', '/uaid/sign', { origin: PAGE_ORIGIN }, {}, JSON.stringify({ expandParams: { channel: '\uD800' } })],
			];
			await fc.assert(signProperty(direct, 'sign (Fetch handler)'), { ...budget(N), examples });
			expect(tally.of('sign (Fetch handler)')).toBeGreaterThanOrEqual(floorFor(N));
		},
		FUZZ_TEST_TIMEOUT_MS,
	);
	it(
		'over HTTP through toNodeListener: the same',
		async () => {
			const N = runs(1500);
			await fc.assert(signProperty(overHttp, 'sign (HTTP)'), budget(N));
			expect(tally.of('sign (HTTP)')).toBeGreaterThanOrEqual(floorFor(N));
		},
		FUZZ_TEST_TIMEOUT_MS,
	);
});

// ---------------------------------------------------------------- validate

/** Codes given before the traceId is consumed: the real traceId must still work afterwards. */
const REFUSED_BEFORE_CONSUME = [
	'bad-request',
	'payload-too-large',
	'origin-not-allowed',
	'method-not-allowed',
	'not-found',
	'unknown-trace',
];

const tokenVariant = fc.oneof(
	fc.constantFrom('REAL', 'REAL ', ' REAL', 'REAL\n', 'real', 'REALREAL', 'H5HTTPS', `H5HTTPS${'0'.repeat(32)}`),
	fc.stringMatching(/^H5HTTPS[0-9A-F]{32}$/),
	fc.integer({ min: 513, max: 2000 }).map((n) => 'H'.repeat(n)),
	hostileText(60),
);
const traceVariant = fc.oneof(
	fc.constantFrom('REAL', 'REAL ', 'real-but-other', '../REAL', 'REAL/x', '*', ''),
	fc.stringMatching(/^[a-z0-9]{32}$/),
	fc.integer({ min: 65, max: 300 }).map((n) => 'a'.repeat(n)),
	hostileText(40),
);

type Spoil =
	| { kind: 'text'; body: string | Uint8Array }
	| {
			kind: 'fields';
			token?: { kind: 'delete' } | { kind: 'set'; value: unknown };
			traceId?: { kind: 'delete' } | { kind: 'set'; value: unknown };
	  };
const spoil: fc.Arbitrary<Spoil> = fc.oneof(
	{ weight: 2, arbitrary: fc.oneof(anyBodyText, rawBytes, oversized).map((body) => ({ kind: 'text' as const, body })) },
	{
		weight: 5,
		arbitrary: fc
			.record(
				{
					token: fc.oneof(
						fieldReplacement,
						tokenVariant.map((value) => ({ kind: 'set' as const, value })),
					),
					traceId: fc.oneof(
						fieldReplacement,
						traceVariant.map((value) => ({ kind: 'set' as const, value })),
					),
				},
				{ requiredKeys: [] },
			)
			.map((fields) => ({ kind: 'fields' as const, ...fields })),
	},
);

async function signAndFetchToken(transport: Transport): Promise<{ traceId: string; token: string }> {
	const signAnswer = await transport({ method: 'POST', path: '/uaid/sign', headers: { origin: PAGE_ORIGIN }, body: '{}' });
	if (signAnswer.status !== 200) throw new Error(`sign failed: ${signAnswer.text}`);
	const signed = JSON.parse(signAnswer.text) as GetMobileRequest;
	const response = await fetch(sim.getMobileUrl, {
		method: 'POST',
		headers: { origin: PAGE_ORIGIN, referer: `${PAGE_ORIGIN}/` },
		body: JSON.stringify(signed),
	});
	const token = ((await response.json()) as { body: { token?: string } }).body.token;
	if (!token) throw new Error('getMobile issued no token');
	return { traceId: signed.traceId, token };
}

function substitute(value: unknown, real: string): unknown {
	return typeof value === 'string' ? value.replace(/REAL/g, real) : value;
}

function validateProperty(transport: Transport, target: string) {
	return fc.asyncProperty(method, pathFor('validate'), originHeader, contentType, spoil, async (m, path, origin, type, spoiled) => {
		tally.count(target);
		const real = await signAndFetchToken(transport);
		let body: string | Uint8Array;
		if (spoiled.kind === 'text') body = spoiled.body;
		else {
			const request: Record<string, unknown> = { token: real.token, traceId: real.traceId };
			for (const field of ['token', 'traceId'] as const) {
				const change = spoiled[field];
				if (!change) continue;
				if (change.kind === 'delete') delete request[field];
				else request[field] = substitute(change.value, real[field]);
			}
			body = JSON.stringify(request);
		}
		const sent: Sent = { method: m, path, headers: { ...origin, ...type }, body };
		const answer = await transport(sent);
		const json = checkAnswer(answer, sent, [real.token], target);
		const followUp = await transport({
			method: 'POST',
			path: '/uaid/validate',
			headers: { origin: PAGE_ORIGIN, 'content-type': 'application/json' },
			body: JSON.stringify(real),
		});
		const followJson = JSON.parse(followUp.text);
		const code: string | undefined = answer.status === 200 ? 'ok' : answer.status === 204 ? 'preflight' : json.error.code;
		if (code === 'ok') {
			// The spoiling left the request meaning the same thing: the right UAID, and the traceId is spent.
			assertEqual(json.uaid, sim.uaidFor(APP_ID, MSISDN), `${target} UAID`);
			assertEqual(followJson?.error?.code, 'replayed-trace', `${target}: validating a spent traceId`);
		} else if (code === 'preflight' || REFUSED_BEFORE_CONSUME.includes(code!)) {
			assertEqual(followUp.status, 200, `${target}: the real validate after a refused one (${code}): ${followUp.text}`);
			assertEqual(followJson.uaid, sim.uaidFor(APP_ID, MSISDN), `${target}: UAID after a refused validate`);
		} else {
			// The real traceId with another well-formed token: consumed, and the platform refused the token.
			assertEqual(code, 'token-expired', `${target}: outcome of a well-formed validate with a wrong token`);
			assertEqual(followJson?.error?.code, 'replayed-trace', `${target}: the traceId after a platform refusal`);
		}
	});
}

describe('validate', () => {
	it(
		'through the Fetch handler: a refused validate never consumes the traceId, the real pair validates afterwards',
		async () => {
			const N = runs(1500);
			await fc.assert(validateProperty(direct, 'validate (Fetch handler)'), budget(N));
			expect(tally.of('validate (Fetch handler)')).toBeGreaterThanOrEqual(floorFor(N));
		},
		FUZZ_TEST_TIMEOUT_MS,
	);
	it(
		'over HTTP through toNodeListener: the same',
		async () => {
			const N = runs(800);
			await fc.assert(validateProperty(overHttp, 'validate (HTTP)'), budget(N));
			expect(tally.of('validate (HTTP)')).toBeGreaterThanOrEqual(floorFor(N));
		},
		FUZZ_TEST_TIMEOUT_MS,
	);
});

// The generators must reach the states the invariants are about, or the properties prove little.
describe('coverage of the generators', () => {
	it('sign and validate cases ran, with signGetMobileRequest as the reference the 200s were checked against', () => {
		expect(verifyGetMobileSign(signGetMobileRequest({ appId: APP_ID, appKey: APP_KEY }), APP_KEY)).toBe(true);
		expect(counts.consumed).toBeGreaterThan(0);
	});
});
