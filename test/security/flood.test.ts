import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryStore, createUaidHandler, toNodeListener, UaidServerError, type UaidHandlerOptions, type UaidStore } from '../../src/server/index.js';
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
			expect(() => createUaidHandler({ appId: APP_A.appId, appKey: APP_A.appKey, privateKey: APP_A.privateKey, rateLimit: { ipv6PrefixLength } }), String(ipv6PrefixLength)).toThrow(expect.objectContaining({ name: 'UaidServerError', code: 'invalid-option' }));
		}
	});

	it('keys a client connected over IPv6 loopback by its socket address too', async () => {
		const handler = createUaidHandler({ appId: APP_A.appId, appKey: APP_A.appKey, privateKey: APP_A.privateKey, validateUrl: sim.validateUrl, allowedOrigins: [PAGE_ORIGIN], rateLimit: { limit: 1 } });
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

describe('the memory store under a sign flood', () => {
	it('refuses new signs with store-full before it forgets a traceId a user is about to validate', async () => {
		const target = await kit({ store: createMemoryStore({ maxEntries: 5 }), rateLimit: false });
		const user = await sign(target);
		const token = await getToken(sim, user);
		for (let i = 0; i < 4; i++) await sign(target);
		const flood = await post(`${target.url}/sign`, {});
		expect(flood.status).toBe(503);
		expect(flood.json.error).toMatchObject({ code: 'store-full', retryable: true });
		const answer = await validate(target, { token, traceId: user.traceId });
		expect(answer.status).toBe(200);
		expect(answer.json.uaid).toMatch(/^[0-9a-f]{64}$/);
	});

	it('a custom store refuses the same way with the public UaidServerError, and is not reported as unavailable', async () => {
		const memory = createMemoryStore();
		const full: UaidStore = { ...memory, issueTrace: () => Promise.reject(new UaidServerError('store-full', 'No room for another traceId.')) };
		const target = await kit({ store: full, rateLimit: false });
		const refused = await post(`${target.url}/sign`, {});
		expect(refused.status).toBe(503);
		expect(refused.json.error).toMatchObject({ code: 'store-full', retryable: true });
	});
});
