/**
 * Replay and impersonation: nobody passes as someone else, and nothing validates twice. Each
 * attack is played end to end (kit → simulator over HTTP) and must be refused with its code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/index.js';
import { createMemoryStore, type UaidStore } from '../../src/server/index.js';
import {
	APP_A,
	APP_B,
	getToken,
	MSISDN,
	PAGE_ORIGIN,
	platformValidateCalls,
	post,
	sign,
	simulatorApp,
	startKit,
	startPlatform,
	validate,
	type Kit,
} from './support.js';

let sim: RunningSimulator;
let kitA: Kit;
let kitB: Kit;

beforeAll(async () => {
	sim = await startPlatform([simulatorApp(APP_A), simulatorApp(APP_B)]);
	kitA = await startKit(APP_A, sim);
	kitB = await startKit(APP_B, sim);
});
afterAll(async () => {
	await kitA?.close();
	await kitB?.close();
	await sim?.close();
});

/** A complete, fresh attempt at app A's kit: a signed traceId and the token getMobile gave for it. */
async function attempt(kit: Kit = kitA): Promise<{ token: string; traceId: string }> {
	const signed = await sign(kit);
	return { token: await getToken(sim, signed), traceId: signed.traceId };
}

describe('replay', () => {
	it('a token validated twice: the second call is replayed-trace and never reaches the platform', async () => {
		const pair = await attempt();
		const first = await validate(kitA, pair);
		expect(first.status).toBe(200);
		expect(first.json.uaid).toBe(sim.uaidFor(APP_A.appId, MSISDN));
		const callsBefore = platformValidateCalls(sim);
		const second = await validate(kitA, pair);
		expect(second.status).toBe(409);
		expect(second.json.error).toMatchObject({ code: 'replayed-trace', retryable: false });
		expect(second.json).not.toHaveProperty('uaid');
		expect(platformValidateCalls(sim)).toBe(callsBefore);
	});

	it('the same token under a fresh traceId is refused by the platform: token-expired with 120009', async () => {
		const pair = await attempt();
		expect((await validate(kitA, pair)).status).toBe(200);
		const fresh = await sign(kitA);
		const replay = await validate(kitA, { token: pair.token, traceId: fresh.traceId });
		expect(replay.status).toBe(410);
		expect(replay.json.error).toMatchObject({ code: 'token-expired', platformCode: '120009' });
	});

	it('a traceId reused with another, unused token: replayed-trace, and that token is not burnt by the attempt', async () => {
		const used = await attempt();
		expect((await validate(kitA, used)).status).toBe(200);
		const other = await attempt();
		const reuse = await validate(kitA, { token: other.token, traceId: used.traceId });
		expect(reuse.status).toBe(409);
		expect(reuse.json.error.code).toBe('replayed-trace');
		// The refused reuse never reached the platform with the other token: its own flow still works.
		const own = await validate(kitA, other);
		expect(own.status).toBe(200);
		expect(own.json.uaid).toBe(sim.uaidFor(APP_A.appId, MSISDN));
	});

	it('a traceId sign never issued is unknown-trace, whatever the token', async () => {
		const pair = await attempt();
		const forged = await validate(kitA, { token: pair.token, traceId: 'a'.repeat(32) });
		expect(forged.status).toBe(404);
		expect(forged.json.error.code).toBe('unknown-trace');
		expect((await validate(kitA, pair)).status).toBe(200);
	});

	it('twenty concurrent validates of one pair: exactly one UAID, every other call replayed-trace', async () => {
		const pair = await attempt();
		const answers = await Promise.all(Array.from({ length: 20 }, () => validate(kitA, pair)));
		expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
		expect(answers.filter((a) => a.status === 409 && a.json.error.code === 'replayed-trace')).toHaveLength(19);
	});

	it('two instances sharing one store: a pair validated at one is replayed-trace at the other', async () => {
		const store: UaidStore = createMemoryStore();
		const one = await startKit(APP_A, sim, { store });
		const two = await startKit(APP_A, sim, { store });
		try {
			const signed = await sign(one);
			const pair = { token: await getToken(sim, signed), traceId: signed.traceId };
			const answers = await Promise.all([validate(one, pair), validate(two, pair)]);
			expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
		} finally {
			await one.close();
			await two.close();
		}
	});
});

describe('impersonation', () => {
	it('a token from app A presented at app B is refused (120009) and stays valid for app A', async () => {
		const signedA = await sign(kitA);
		const tokenA = await getToken(sim, signedA);
		const signedB = await sign(kitB);
		const stolen = await validate(kitB, { token: tokenA, traceId: signedB.traceId });
		expect(stolen.status).toBe(410);
		expect(stolen.json.error).toMatchObject({ code: 'token-expired', platformCode: '120009' });
		expect(stolen.json).not.toHaveProperty('uaid');
		// App B cannot burn app A's tokens: A validates its own token afterwards.
		const own = await validate(kitA, { token: tokenA, traceId: signedA.traceId });
		expect(own.status).toBe(200);
		expect(own.json.uaid).toBe(sim.uaidFor(APP_A.appId, MSISDN));
	});

	it('the same subscriber has unrelated UAIDs at two apps, so one app’s UAID identifies nobody at the other', async () => {
		const a = await validate(kitA, await attempt(kitA));
		const b = await validate(kitB, await attempt(kitB));
		expect(a.json.uaid).toMatch(/^[0-9a-f]{64}$/);
		expect(b.json.uaid).toMatch(/^[0-9a-f]{64}$/);
		expect(a.json.uaid).not.toBe(b.json.uaid);
	});

	it('a traceId signed by app B’s backend is unknown-trace at app A’s backend', async () => {
		const signedB = await sign(kitB);
		const tokenB = await getToken(sim, signedB);
		const crossed = await validate(kitA, { token: tokenB, traceId: signedB.traceId });
		expect(crossed.status).toBe(404);
		expect(crossed.json.error.code).toBe('unknown-trace');
	});

	it('a getMobile body signed with another app’s appkey is refused by the platform (130018) and issues no token', async () => {
		const signedB = await sign(kitB);
		const tokensBefore = sim.health().tokens;
		const forged = { ...signedB, appId: APP_A.appId };
		const response = await fetch(sim.getMobileUrl, { method: 'POST', headers: { origin: PAGE_ORIGIN }, body: JSON.stringify(forged) });
		expect(((await response.json()) as { body: { resultCode: string } }).body.resultCode).toBe('130018');
		expect(sim.health().tokens).toBe(tokensBefore);
	});

	it('a validate from a disallowed origin is origin-not-allowed, gets no CORS grant, and leaves the traceId usable', async () => {
		const pair = await attempt();
		const evil = await validate(kitA, pair, { origin: 'https://evil.test' });
		expect(evil.status).toBe(403);
		expect(evil.json.error.code).toBe('origin-not-allowed');
		expect(evil.headers.get('access-control-allow-origin')).toBeNull();
		const lookalike = await validate(kitA, pair, { origin: `${PAGE_ORIGIN}.evil.test` });
		expect(lookalike.json.error.code).toBe('origin-not-allowed');
		const preflight = await fetch(`${kitA.url}/validate`, {
			method: 'OPTIONS',
			headers: { origin: 'https://evil.test', 'access-control-request-method': 'POST' },
		});
		expect(preflight.status).toBe(403);
		expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
		const own = await validate(kitA, pair);
		expect(own.status).toBe(200);
	});

	it('a token fetched from a page the platform does not know for the app is app-config with 120010', async () => {
		const strictSim = await startPlatform([simulatorApp(APP_A, { origins: [PAGE_ORIGIN], referers: [`${PAGE_ORIGIN}/`] })]);
		const kit = await startKit(APP_A, strictSim);
		try {
			const signed = await sign(kit);
			const token = await getToken(strictSim, signed, 'https://phishing.test');
			const answer = await validate(kit, { token, traceId: signed.traceId });
			expect(answer.status).toBe(502);
			expect(answer.json.error).toMatchObject({ code: 'app-config', platformCode: '120010' });
			// From the registered page the same flow passes.
			const good = await sign(kit);
			expect((await validate(kit, { token: await getToken(strictSim, good), traceId: good.traceId })).status).toBe(200);
		} finally {
			await kit.close();
			await strictSim.close();
		}
	});
});

describe('a sign flood from one IP', () => {
	it('answers exactly `limit` signs, then rate-limited with Retry-After, and writes no traceId to the store', async () => {
		const inner = createMemoryStore();
		let consumed = 0;
		const store: UaidStore = { consumeTrace: (id, ttl) => (consumed++, inner.consumeTrace(id, ttl)), hit: (k, w) => inner.hit(k, w) };
		const kit = await startKit(APP_A, sim, { store, rateLimit: { limit: 20, windowMs: 60_000 } });
		try {
			const answers = await Promise.all(Array.from({ length: 60 }, () => post(`${kit.url}/sign`, {})));
			expect(answers.filter((a) => a.status === 200)).toHaveLength(20);
			const limited = answers.filter((a) => a.status === 429);
			expect(limited).toHaveLength(40);
			for (const answer of limited) {
				expect(answer.json.error.code).toBe('rate-limited');
				expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
			}
			expect(consumed).toBe(0);
			// A forged X-Forwarded-For does not buy a new bucket: the socket address is the key.
			const spoofed = await post(`${kit.url}/sign`, {}, { origin: PAGE_ORIGIN, 'x-forwarded-for': '203.0.113.7' });
			expect(spoofed.status).toBe(429);
		} finally {
			await kit.close();
		}
	});

	it('behind a trusted proxy, one flooding client does not lock out another', async () => {
		const kit = await startKit(APP_A, sim, { rateLimit: { limit: 5, windowMs: 60_000 }, clientIp: { header: 'x-forwarded-for', hops: 1 } });
		try {
			const flood = await Promise.all(
				Array.from({ length: 15 }, () => post(`${kit.url}/sign`, {}, { origin: PAGE_ORIGIN, 'x-forwarded-for': '198.51.100.1' })),
			);
			expect(flood.filter((a) => a.status === 429)).toHaveLength(10);
			// The flooder prepending another address changes nothing: hops count from the right.
			expect((await post(`${kit.url}/sign`, {}, { origin: PAGE_ORIGIN, 'x-forwarded-for': '192.0.2.50, 198.51.100.1' })).status).toBe(429);
			expect((await post(`${kit.url}/sign`, {}, { origin: PAGE_ORIGIN, 'x-forwarded-for': '198.51.100.2' })).status).toBe(200);
		} finally {
			await kit.close();
		}
	});

	it('the platform’s own per-app-and-IP limit (140005) stops a getMobile flood that gets past the backend', async () => {
		const limitedSim = await startPlatform([simulatorApp(APP_A, { rateLimitPerMinute: 5 })]);
		const kit = await startKit(APP_A, limitedSim, { rateLimit: false });
		try {
			const codes: string[] = [];
			for (let i = 0; i < 8; i++) {
				const signed = await sign(kit);
				const response = await fetch(limitedSim.getMobileUrl, {
					method: 'POST',
					headers: { origin: PAGE_ORIGIN },
					body: JSON.stringify(signed),
				});
				codes.push(((await response.json()) as { body: { resultCode: string } }).body.resultCode);
			}
			expect(codes).toEqual([...Array(5).fill('103000'), ...Array(3).fill('140005')]);
		} finally {
			await kit.close();
			await limitedSim.close();
		}
	});
});
