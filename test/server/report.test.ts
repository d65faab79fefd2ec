/**
 * `POST {basePath}/report`: what getMobile answered a page, over real HTTP to the kit in front of
 * the simulator. The kit binds a report to a traceId it issued, rate-limits it, logs failures once
 * per code per minute with the catalogue's fix, and consumes nothing.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import { resultCodeEntry, resultFix, type GetMobileRequest, type ReportRequestJson } from '../../src/protocol/index.js';
import { maskToken } from '../../src/protocol/mask-token.js';
import { createMemoryStore, createUaidHandler, type UaidStore } from '../../src/server/index.js';
import { APP_ID, APP_KEY, KEYS, PAGE_ORIGIN, postJson, signAndGetToken, startKit, startTestSimulator, type RunningKit } from './support.js';
import type { RunningSimulator } from '../../src/simulator/index.js';

/** A report as the client sends it: text/plain, so a beacon can carry it and no preflight is made. */
function report(
	kitUrl: string,
	body: unknown,
	headers: Record<string, string> = {},
): Promise<{ status: number; json: any; text: string; headers: Headers }> {
	return postJson(`${kitUrl}/uaid/report`, body, { 'content-type': 'text/plain;charset=UTF-8', ...headers });
}

async function signed(kitUrl: string): Promise<GetMobileRequest> {
	const answer = await postJson(`${kitUrl}/uaid/sign`, {});
	expect(answer.status).toBe(200);
	return answer.json as GetMobileRequest;
}

describe('the report endpoint', () => {
	let simulator: RunningSimulator;
	let kit: RunningKit;
	beforeAll(async () => {
		simulator = await startTestSimulator();
		kit = await startKit({ validateUrl: simulator.validateUrl });
	});
	afterAll(async () => {
		await kit?.close();
		await simulator?.close();
	});
	afterEach(() => {
		kit.logs.length = 0;
	});

	it('takes a text/plain report for a traceId sign issued: 204, readable by the allowed origin, logged with the catalogue’s fix', async () => {
		const { traceId } = await signed(kit.url);
		kit.logs.length = 0;
		const answer = await report(kit.url, { traceId, code: '130018', carrier: 'china-mobile', durationMs: 412 } satisfies ReportRequestJson);
		expect(answer.status).toBe(204);
		expect(answer.text).toBe('');
		expect(answer.headers.get('access-control-allow-origin')).toBe(PAGE_ORIGIN);
		expect(answer.headers.get('cache-control')).toBe('no-store');
		const [event] = kit.logs;
		expect(event).toMatchObject({
			stage: 'report',
			level: 'error',
			status: 204,
			traceId,
			getMobile: { code: '130018', category: 'app-config', known: true, carrier: 'china-mobile', durationMs: 412 },
		});
		expect(event!.message).toContain('getMobile answered 130018 (app-config)');
		expect(event!.message).toContain(resultFix('getMobile', '130018')!.en);
		expect(event!.message).toContain(`traceId ${maskToken(traceId)}`);
		expect(event!.message).not.toContain(traceId);
	});

	it('does not consume the traceId: the flow validates after its report', async () => {
		const { signed: request, token } = await signAndGetToken(kit.url, simulator);
		expect((await report(kit.url, { traceId: request.traceId, code: '103000', durationMs: 80 })).status).toBe(204);
		const validated = await postJson(`${kit.url}/uaid/validate`, { token, traceId: request.traceId });
		expect(validated.status).toBe(200);
		// And a report may come after validate, a beacon being late: the traceId is still one sign issued.
		expect((await report(kit.url, { traceId: request.traceId, code: '103000', durationMs: 80 })).status).toBe(204);
		expect(kit.logs.filter((e) => e.stage === 'report').map((e) => e.level)).toEqual(['info', 'info']);
	});

	it('refuses a traceId sign never issued, as unknown-trace, and logs no outcome', async () => {
		const answer = await report(kit.url, { traceId: 'f'.repeat(32), code: '130018', durationMs: 1 });
		expect(answer.status).toBe(404);
		expect(answer.json.error.code).toBe('unknown-trace');
		expect(kit.logs.map((e) => [e.stage, e.code, e.getMobile])).toEqual([['report', 'unknown-trace', undefined]]);
	});

	it('refuses what is not a report, as bad-request with a reason', async () => {
		const { traceId } = await signed(kit.url);
		for (const [body, reason] of [
			['not json', 'not JSON'],
			[{ code: '130018', durationMs: 1 }, 'traceId'],
			[{ traceId, code: 'db connection refused', durationMs: 1 }, 'code'],
			[{ traceId, code: '13001', durationMs: 1 }, 'code'],
			[{ traceId, code: '130018', carrier: 'vodafone', durationMs: 1 }, 'carrier'],
			[{ traceId, code: '130018', durationMs: -1 }, 'durationMs'],
			[{ traceId, code: '130018', durationMs: 1.5 }, 'durationMs'],
		] as const) {
			const answer = await report(kit.url, body);
			expect(answer.status, JSON.stringify(body)).toBe(400);
			expect(answer.json.error).toMatchObject({ code: 'bad-request', message: expect.stringContaining(reason) });
		}
	});

	it('answers a GET with method-not-allowed, and a preflight like the other endpoints', async () => {
		const get = await fetch(`${kit.url}/uaid/report`, { headers: { origin: PAGE_ORIGIN } });
		expect(get.status).toBe(405);
		expect(get.headers.get('allow')).toBe('POST, OPTIONS');
		const preflight = await fetch(`${kit.url}/uaid/report`, {
			method: 'OPTIONS',
			headers: { origin: PAGE_ORIGIN, 'access-control-request-method': 'POST' },
		});
		expect(preflight.status).toBe(204);
		expect(preflight.headers.get('access-control-allow-origin')).toBe(PAGE_ORIGIN);
	});

	it('refuses a page on another origin', async () => {
		const { traceId } = await signed(kit.url);
		const answer = await report(kit.url, { traceId, code: '103000', durationMs: 1 }, { origin: 'https://elsewhere.example' });
		expect(answer.status).toBe(403);
		expect(answer.json.error.code).toBe('origin-not-allowed');
	});
});

describe('the report’s log lines', () => {
	let simulator: RunningSimulator;
	let warn: MockInstance<typeof console.warn>;
	let error: MockInstance<typeof console.error>;
	beforeAll(async () => {
		simulator = await startTestSimulator();
		warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
		error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
	});
	afterAll(async () => {
		warn.mockRestore();
		error.mockRestore();
		await simulator?.close();
	});

	const printed = (): string[] => [...warn.mock.calls, ...error.mock.calls].map((args) => args.map(String).join(' '));

	it('by default: one console line per failure code per minute, none for a success', async () => {
		// The default logger (the console), as `npm run demo` has it.
		const kit = await startKit({ validateUrl: simulator.validateUrl, logger: undefined });
		try {
			for (let i = 0; i < 3; i++)
				expect((await report(kit.url, { traceId: (await signed(kit.url)).traceId, code: '130018', durationMs: 300 })).status).toBe(204);
			expect(
				(await report(kit.url, { traceId: (await signed(kit.url)).traceId, code: '103111', carrier: 'china-unicom', durationMs: 364 }))
					.status,
			).toBe(204);
			expect((await report(kit.url, { traceId: (await signed(kit.url)).traceId, code: '103000', durationMs: 90 })).status).toBe(204);
			expect(printed()).toHaveLength(2);
			const lines = [error.mock.calls[0]!.join(' '), warn.mock.calls[0]!.join(' ')];
			expect(lines[0]).toMatch(
				/^cmcc-uaid: getMobile answered 130018 \(app-config\) in a page, as it reported \(traceId \w{7}…\w{4}, origin http:\/\/page\.test:5173, carrier not named, 300 ms in the browser\): /,
			);
			expect(lines[0]).toContain(resultFix('getMobile', '130018')!.en);
			expect(lines[1]).toContain('getMobile answered 103111 (not-cellular)');
			expect(lines[1]).toContain('carrier china-unicom');
			expect(lines[1]).toContain(resultCodeEntry('getMobile', '103111')!.en);
		} finally {
			await kit.close();
		}
	});

	it('a code in no table is logged as such, and a browser failure by what the browser met', async () => {
		warn.mockClear();
		error.mockClear();
		const kit = await startKit({ validateUrl: simulator.validateUrl, logger: undefined });
		try {
			await report(kit.url, { traceId: (await signed(kit.url)).traceId, code: '170001', durationMs: 5 });
			await report(kit.url, { traceId: (await signed(kit.url)).traceId, code: 'timeout', durationMs: 10_000 });
			expect(printed()).toEqual([
				expect.stringContaining('getMobile answered 170001 (platform-error)'),
				expect.stringContaining('getMobile answered timeout (timeout)'),
			]);
			expect(printed()[0]).toContain('170001 is in no table of the catalogue');
			expect(printed()[1]).toContain('did not answer the page within its timeoutMs');
		} finally {
			await kit.close();
		}
	});
});

describe('the report’s limits', () => {
	let simulator: RunningSimulator;
	beforeAll(async () => {
		simulator = await startTestSimulator();
	});
	afterAll(async () => {
		await simulator?.close();
	});

	it('is rate-limited per client IP by the kit’s limiter, in a bucket of its own so reports never cost a sign', async () => {
		const kit = await startKit({ validateUrl: simulator.validateUrl, rateLimit: { limit: 2 } });
		try {
			const { traceId } = await signed(kit.url);
			expect((await report(kit.url, { traceId, code: '103000', durationMs: 1 })).status).toBe(204);
			expect((await report(kit.url, { traceId, code: '103000', durationMs: 1 })).status).toBe(204);
			const refused = await report(kit.url, { traceId, code: '103000', durationMs: 1 });
			expect(refused.status).toBe(429);
			expect(refused.json.error.code).toBe('rate-limited');
			expect(refused.json.error.message).toContain('report requests');
			// The sign bucket still has its second request.
			expect((await postJson(`${kit.url}/uaid/sign`, {})).status).toBe(200);
		} finally {
			await kit.close();
		}
	});

	it('a custom store needs nothing for reports: the traceId’s MAC says the kit issued it, and a foreign one is refused as unknown-trace', async () => {
		const memory = createMemoryStore();
		const store: UaidStore = { consumeTrace: (id, ttl) => memory.consumeTrace(id, ttl), hit: (key, windowMs) => memory.hit(key, windowMs) };
		const kit = await startKit({ validateUrl: simulator.validateUrl, store });
		try {
			const { traceId } = await signed(kit.url);
			expect((await report(kit.url, { traceId, code: '103000', durationMs: 1 })).status).toBe(204);
			const forged = traceId.slice(0, -1) + (traceId.endsWith('0') ? '1' : '0');
			expect((await report(kit.url, { traceId: forged, code: '103000', durationMs: 1 })).json.error.code).toBe('unknown-trace');
		} finally {
			await kit.close();
		}
	});

	it('the Fetch handler takes it too', async () => {
		const handler = createUaidHandler({
			appId: APP_ID,
			appKey: APP_KEY,
			privateKey: KEYS.privateKey,
			allowedOrigins: [PAGE_ORIGIN],
			validateUrl: simulator.validateUrl,
			logger: false,
		});
		const sign = await handler(new Request('http://kit.test/uaid/sign', { method: 'POST', headers: { origin: PAGE_ORIGIN } }));
		const { traceId } = (await sign.json()) as GetMobileRequest;
		const answer = await handler(
			new Request('http://kit.test/uaid/report', {
				method: 'POST',
				headers: { origin: PAGE_ORIGIN },
				body: JSON.stringify({ traceId, code: '103101', durationMs: 7 }),
			}),
		);
		expect(answer.status).toBe(204);
		expect(await answer.text()).toBe('');
	});
});
