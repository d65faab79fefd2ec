import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisStore } from '../../src/server/index.js';
import type { RunningSimulator } from '../../src/simulator/index.js';
import { startRedis } from '../../tools/children.js';
import { postJson, signAndGetToken, startKit, startTestSimulator, type RunningKit } from './support.js';

describe('createRedisStore against a real redis-server', () => {
	let redis: Awaited<ReturnType<typeof startRedis>>;
	let clients: Redis[] = [];
	const client = (): Redis => {
		const c = new Redis({ port: redis.port, host: '127.0.0.1', lazyConnect: false, maxRetriesPerRequest: 0, enableOfflineQueue: true });
		clients.push(c);
		return c;
	};

	beforeAll(async () => {
		redis = await startRedis();
	});
	afterAll(async () => {
		for (const c of clients) c.disconnect();
		clients = [];
		await redis?.stop();
	});

	it('consumes once, keeps a marker that says replayed for the lifetime given, and nothing else', async () => {
		const store = createRedisStore(client(), { prefix: 'unit:' });
		expect(await store.consumeTrace('t1', 300)).toBe('ok');
		expect(await store.consumeTrace('t1', 300)).toBe('replayed');
		const probe = client();
		const ttl = await probe.pttl('unit:trace:t1');
		expect(ttl).toBeGreaterThan(0);
		expect(ttl).toBeLessThanOrEqual(300);
		// Redis itself drops the marker when the traceId's lifetime ends (the kit refuses it by its expiry before then).
		await probe.pexpire('unit:trace:t1', 1);
		await new Promise((resolve) => setTimeout(resolve, 20));
		expect(await store.consumeTrace('t1', 300)).toBe('ok');
	});

	it('counts rate-limit hits with an expiry set on the first hit', async () => {
		const store = createRedisStore(client(), { prefix: 'unit:' });
		expect(await store.hit('ip', 60_000)).toBe(1);
		expect(await store.hit('ip', 60_000)).toBe(2);
		expect(await client().pttl('unit:rate:ip')).toBeGreaterThan(0);
	});

	it('reloads its scripts after SCRIPT FLUSH (NOSCRIPT)', async () => {
		const c = client();
		const store = createRedisStore(c, { prefix: 'flush:' });
		expect(await store.consumeTrace('a', 10_000)).toBe('ok');
		await c.script('FLUSH');
		expect(await store.consumeTrace('a', 10_000)).toBe('replayed');
	});

	it('works with a client that has only eval', async () => {
		const c = client();
		const store = createRedisStore({ eval: (script, numKeys, ...args) => c.eval(script, numKeys, ...args) }, { prefix: 'evalonly:' });
		expect(await store.consumeTrace('a', 10_000)).toBe('ok');
		expect(await store.consumeTrace('a', 10_000)).toBe('replayed');
	});

	it('refuses something that is not a Redis client', () => {
		expect(() => createRedisStore({} as never)).toThrow(expect.objectContaining({ name: 'UaidServerError', code: 'invalid-option' }));
	});

	describe('two handler instances sharing one Redis', () => {
		let simulator: RunningSimulator;
		let a: RunningKit;
		let b: RunningKit;

		beforeAll(async () => {
			simulator = await startTestSimulator();
			a = await startKit({ validateUrl: simulator.validateUrl, store: createRedisStore(client(), { prefix: 'kits:' }) });
			b = await startKit({ validateUrl: simulator.validateUrl, store: createRedisStore(client(), { prefix: 'kits:' }) });
		});
		afterAll(async () => {
			await a?.close();
			await b?.close();
			await simulator?.close();
		});

		it('validate on one instance accepts a traceId signed by the other', async () => {
			const { signed, token } = await signAndGetToken(a.url, simulator);
			const { status } = await postJson(`${b.url}/uaid/validate`, { token, traceId: signed.traceId });
			expect(status).toBe(200);
			// The replay set is shared: the same traceId at the instance that signed it is refused.
			const replay = await postJson(`${a.url}/uaid/validate`, { token, traceId: signed.traceId });
			expect(replay.status).toBe(409);
			expect(replay.json.error.code).toBe('replayed-trace');
		});

		it('sign writes nothing to Redis; only a validated traceId is kept, until its expiry', async () => {
			const probe = client();
			const before = await probe.dbsize();
			for (let i = 0; i < 20; i++) expect((await postJson(`${a.url}/uaid/sign`, {})).status).toBe(200);
			// The rate-limit counter of this client is the one key sign may add.
			expect(await probe.dbsize()).toBeLessThanOrEqual(before + 1);
			const { signed, token } = await signAndGetToken(a.url, simulator);
			const traces = (await probe.keys('kits:trace:*')).length;
			expect((await postJson(`${b.url}/uaid/validate`, { token, traceId: signed.traceId })).status).toBe(200);
			expect((await probe.keys('kits:trace:*')).length).toBe(traces + 1);
			const ttl = await probe.pttl(`kits:trace:${signed.traceId}`);
			expect(ttl).toBeGreaterThan(0);
			expect(ttl).toBeLessThanOrEqual(300_000);
		});

		it('racing on one traceId gives exactly one success, and the platform sees the token once', async () => {
			for (let round = 0; round < 5; round++) {
				const { signed, token } = await signAndGetToken(a.url, simulator);
				const before = simulator.log().filter((e) => e.endpoint === 'imeiTokenValidate').length;
				const results = await Promise.all(
					Array.from({ length: 8 }, (_, i) => postJson(`${(i % 2 ? a : b).url}/uaid/validate`, { token, traceId: signed.traceId })),
				);
				expect(results.filter((r) => r.status === 200)).toHaveLength(1);
				expect(results.filter((r) => r.status === 409 && r.json.error.code === 'replayed-trace')).toHaveLength(7);
				expect(simulator.log().filter((e) => e.endpoint === 'imeiTokenValidate').length - before).toBe(1);
			}
		});

		it('shares the sign rate limit between instances', async () => {
			const store = { prefix: 'limit:' };
			const x = await startKit({ validateUrl: simulator.validateUrl, store: createRedisStore(client(), store), rateLimit: { limit: 2 } });
			const y = await startKit({ validateUrl: simulator.validateUrl, store: createRedisStore(client(), store), rateLimit: { limit: 2 } });
			try {
				expect((await postJson(`${x.url}/uaid/sign`, {})).status).toBe(200);
				expect((await postJson(`${y.url}/uaid/sign`, {})).status).toBe(200);
				expect((await postJson(`${x.url}/uaid/sign`, {})).status).toBe(429);
				expect((await postJson(`${y.url}/uaid/sign`, {})).status).toBe(429);
			} finally {
				await x.close();
				await y.close();
			}
		});
	});

	it('a failing Redis is store-unavailable (503), never a 500 or a stack trace', async () => {
		const own = await startRedis();
		const c = new Redis({
			port: own.port,
			host: '127.0.0.1',
			maxRetriesPerRequest: 0,
			enableOfflineQueue: false,
			retryStrategy: () => null,
		});
		c.on('error', () => undefined);
		await new Promise((resolve) => c.once('ready', resolve));
		const kit = await startKit({ validateUrl: 'http://127.0.0.1:9/', store: createRedisStore(c) });
		try {
			expect((await postJson(`${kit.url}/uaid/sign`, {})).status).toBe(200);
			await own.stop();
			const { status, json, text } = await postJson(`${kit.url}/uaid/sign`, {});
			expect(status).toBe(503);
			expect(json.error).toMatchObject({ code: 'store-unavailable', retryable: true });
			expect(text).not.toContain('ECONNREFUSED');
			expect(kit.logs.at(-1)).toMatchObject({ code: 'store-unavailable', detail: expect.any(String) });
		} finally {
			c.disconnect();
			await kit.close();
			await own.stop();
		}
	});
});
