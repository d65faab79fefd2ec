import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
	createMemoryStore,
	createUaidHandler,
	toNodeListener,
	UaidServerError,
	type UaidHandlerOptions,
	type UaidStore,
} from '../../src/server/index.js';
import type { RunningSimulator } from '../../src/simulator/index.js';
import { APP_A, getToken, PAGE_ORIGIN, post, sign, simulatorApp, startKit, startPlatform, validate, type Kit } from './support.js';

let sim: RunningSimulator;
const kits: Kit[] = [];
beforeAll(async () => {
	sim = await startPlatform([simulatorApp(APP_A)]);
});
afterEach(async () => {
	await Promise.all(kits.splice(0).map((kit) => kit.close()));
});
afterAll(async () => {
	await sim.close();
});

async function kit(options: Partial<UaidHandlerOptions>): Promise<Kit> {
	const started = await startKit(APP_A, sim, options);
	kits.push(started);
	return started;
}

const signFrom = (target: Kit, address: string) => post(`${target.url}/sign`, {}, { origin: PAGE_ORIGIN, 'x-forwarded-for': address });

describe('the sign rate limit and IPv6', () => {
	const behindProxy = { clientIp: { header: 'x-forwarded-for', hops: 1 } } as const;

	it('counts every address of one IPv6 /64 as one client, so rotating within it buys nothing', async () => {
		const target = await kit({ ...behindProxy, rateLimit: { limit: 2 } });
		expect((await signFrom(target, '2001:db8:1:2::1')).status).toBe(200);
		expect((await signFrom(target, '2001:db8:1:2:aaaa:bbbb:cccc:dddd')).status).toBe(200);
		const third = await signFrom(target, '2001:0db8:0001:0002:ffff::9');
		expect(third.status).toBe(429);
		expect(third.json.error.code).toBe('rate-limited');
		expect((await signFrom(target, '2001:db8:1:3::1')).status, 'the next /64 is another client').toBe(200);
	});

	it('counts IPv4 clients per address', async () => {
		const target = await kit({ ...behindProxy, rateLimit: { limit: 1 } });
		expect((await signFrom(target, '198.51.100.1')).status).toBe(200);
		expect((await signFrom(target, '198.51.100.2')).status).toBe(200);
		expect((await signFrom(target, '198.51.100.1')).status).toBe(429);
	});

	it('ipv6PrefixLength sets the network size: 128 is per address, 48 groups a whole site', async () => {
		const perAddress = await kit({ ...behindProxy, rateLimit: { limit: 1, ipv6PrefixLength: 128 } });
		expect((await signFrom(perAddress, '2001:db8:1:2::1')).status).toBe(200);
		expect((await signFrom(perAddress, '2001:db8:1:2::2')).status).toBe(200);
		const perSite = await kit({ ...behindProxy, rateLimit: { limit: 1, ipv6PrefixLength: 48 } });
		expect((await signFrom(perSite, '2001:db8:1:2::1')).status).toBe(200);
		expect((await signFrom(perSite, '2001:db8:1:ffff::1')).status).toBe(429);
	});

	it('refuses an ipv6PrefixLength outside 1–128 at start-up', async () => {
		for (const ipv6PrefixLength of [0, 129, 64.5]) {
			expect(
				() =>
					createUaidHandler({ appId: APP_A.appId, appKey: APP_A.appKey, privateKey: APP_A.privateKey, rateLimit: { ipv6PrefixLength } }),
				String(ipv6PrefixLength),
			).toThrow(expect.objectContaining({ name: 'UaidServerError', code: 'invalid-option' }));
		}
	});

	it('keys a client connected over IPv6 loopback by its socket address too', async () => {
		const handler = createUaidHandler({
			appId: APP_A.appId,
			appKey: APP_A.appKey,
			privateKey: APP_A.privateKey,
			validateUrl: sim.validateUrl,
			allowedOrigins: [PAGE_ORIGIN],
			rateLimit: { limit: 1 },
		});
		const server: Server = createServer(toNodeListener(handler));
		await new Promise<void>((resolve) => server.listen(0, '::1', resolve));
		try {
			const url = `http://[::1]:${(server.address() as AddressInfo).port}/uaid/sign`;
			expect((await post(url, {})).status).toBe(200);
			expect((await post(url, {})).status).toBe(429);
		} finally {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		}
	});
});

describe('a flood of signs and validates (issue 30)', () => {
	it('signs from many addresses fill nothing: a new user still signs and validates', async () => {
		// Four times more signs than the store holds entries, from 24 addresses each within its own rate limit.
		const store = createMemoryStore({ maxEntries: 30 });
		const target = await kit({ store, clientIp: { header: 'x-forwarded-for', hops: 1 }, rateLimit: { limit: 5 } });
		for (let address = 0; address < 24; address++) {
			await Promise.all(
				Array.from({ length: 5 }, () => signFrom(target, `198.51.100.${address}`).then((answer) => expect(answer.status).toBe(200))),
			);
		}
		expect(store.size, 'the rate-limit counters alone: sign wrote no traceId').toBe(24);
		const user = await sign(target, { origin: PAGE_ORIGIN, 'x-forwarded-for': '203.0.113.99' });
		const token = await getToken(sim, user);
		const answer = await validate(target, { token, traceId: user.traceId }, { origin: PAGE_ORIGIN, 'x-forwarded-for': '203.0.113.99' });
		expect(answer.status).toBe(200);
		expect(answer.json.uaid).toMatch(/^[0-9a-f]{64}$/);
	});

	it('validates of garbage traceIds never reach the store, and a full replay set forgets rather than refuses', async () => {
		const inner = createMemoryStore({ maxEntries: 5 });
		let consumed = 0;
		const store: UaidStore = {
			consumeTrace: (id, ttl) => (consumed++, inner.consumeTrace(id, ttl)),
			hit: (key, windowMs) => inner.hit(key, windowMs),
		};
		const target = await kit({ store, rateLimit: false });
		// Forged, tampered and made-up traceIds: refused by their MAC before the store is asked.
		const real = await sign(target);
		const tampered = (real.traceId.slice(0, 31) + (real.traceId.endsWith('0') ? '1' : '0')) as string;
		const later = (Number.parseInt(real.traceId.slice(0, 12), 16) + 3_600_000).toString(16).padStart(12, '0') + real.traceId.slice(12);
		for (const traceId of ['0'.repeat(32), tampered, later, real.traceId.toUpperCase(), 'abcdefghijklmnopqrstuvwxyz012345']) {
			const answer = await validate(target, { token: `H5HTTPS${'F'.repeat(32)}`, traceId });
			expect(answer.status, traceId).toBe(404);
			expect(answer.json.error.code).toBe('unknown-trace');
		}
		// The traceId is bound to the page's origin: another (allowed) origin cannot spend it.
		const elsewhere = await validate(target, { token: `H5HTTPS${'F'.repeat(32)}`, traceId: real.traceId }, {});
		expect(elsewhere.json.error.code).toBe('unknown-trace');
		expect(consumed).toBe(0);
		// Then signed traceIds validated with garbage tokens fill the 5-entry replay set many times over.
		for (let i = 0; i < 12; i++) {
			const flood = await sign(target);
			expect((await validate(target, { token: `H5HTTPS${'F'.repeat(32)}`, traceId: flood.traceId })).json.error.code).toBe('token-expired');
		}
		const user = await sign(target);
		const token = await getToken(sim, user);
		const answer = await validate(target, { token, traceId: user.traceId });
		expect(answer.status).toBe(200);
		expect((await validate(target, { token, traceId: user.traceId })).json.error.code, 'replay of the newest stays refused').toBe(
			'replayed-trace',
		);
	});

	it('issues traceIds of 32 lowercase hex, the form real getMobile traffic shows, each different', async () => {
		const target = await kit({ rateLimit: false });
		const ids = await Promise.all(Array.from({ length: 20 }, async () => (await sign(target)).traceId));
		for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
		expect(new Set(ids).size).toBe(20);
	});

	it('a custom store written for the old interface (issueTrace) is refused at start-up', () => {
		const old = { issueTrace: async () => undefined, consumeTrace: async () => 'ok' as const, hit: async () => 1 };
		expect(() => createUaidHandler({ appId: APP_A.appId, appKey: APP_A.appKey, privateKey: APP_A.privateKey, store: old })).toThrow(
			expect.objectContaining({ name: 'UaidServerError', code: 'invalid-option', message: expect.stringContaining('issueTrace') }),
		);
	});

	it('a store that refuses with the public UaidServerError store-full is answered 503 store-full, not store-unavailable', async () => {
		const memory = createMemoryStore();
		const full: UaidStore = {
			hit: memory.hit,
			consumeTrace: () => Promise.reject(new UaidServerError('store-full', 'No room for another traceId.')),
		};
		const target = await kit({ store: full, rateLimit: false });
		const user = await sign(target);
		const refused = await validate(target, { token: `H5HTTPS${'F'.repeat(32)}`, traceId: user.traceId });
		expect(refused.status).toBe(503);
		expect(refused.json.error).toMatchObject({ code: 'store-full', retryable: true });
	});

	it('refuses a traceSecret shorter than 16 bytes, and two kits sharing one validate each other’s traceIds', async () => {
		expect(() =>
			createUaidHandler({ appId: APP_A.appId, appKey: APP_A.appKey, privateKey: APP_A.privateKey, traceSecret: 'short' }),
		).toThrow(expect.objectContaining({ code: 'invalid-option', message: expect.stringContaining('traceSecret') }));
		const traceSecret = 'a-shared-secret-of-32-characters';
		const one = await kit({ traceSecret });
		const two = await kit({ traceSecret });
		const other = await kit({ traceSecret: 'another-secret-of-32-characters!' });
		const user = await sign(one);
		expect((await validate(other, { token: `H5HTTPS${'F'.repeat(32)}`, traceId: user.traceId })).json.error.code).toBe('unknown-trace');
		const token = await getToken(sim, user);
		expect((await validate(two, { token, traceId: user.traceId })).status).toBe(200);
	});
});
