import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createUaidClient, type UaidClientOptions } from '../../src/client/index.js';
import { SignedRequestPrefetch } from '../../src/client/signed-request-prefetch.js';
import { signGetMobileRequest } from '../../src/protocol/index.js';
import { platformAnswer, startFakeUaidServer, type FakeUaidServer } from './support/fake-uaid-server.js';

let server: FakeUaidServer;
beforeEach(async () => {
	server = await startFakeUaidServer();
});
afterEach(async () => {
	vi.unstubAllGlobals();
	await server.close();
});

const clientFor = (options: UaidClientOptions = {}) =>
	createUaidClient({ signUrl: server.signUrl, validateUrl: server.validateUrl, tokenUrl: server.tokenUrl, ...options });
const traceIdsSentToGetMobile = () => server.requestsTo('/h5/getMobile').map((r) => (JSON.parse(r.body) as { traceId: string }).traceId);

describe('fetching the signed request ahead', () => {
	it('uses the prefetched request, so start() makes no sign request of its own', async () => {
		const progress: unknown[] = [];
		const client = clientFor({ onProgress: (p) => p.stage === 'sign' && p.phase === 'done' && progress.push(p.prefetched) });
		await client.prefetch();
		expect(server.requestsTo('/uaid/sign')).toHaveLength(1);
		await client.start();
		expect(server.requestsTo('/uaid/sign')).toHaveLength(1);
		expect(progress).toEqual([true]);
	});

	it('joins a prefetch that is still on its way', async () => {
		server.on('/uaid/sign', () => ({ body: signGetMobileRequest({ appId: '300011580392', appKey: 'k' }), delayMs: 150 }));
		const client = clientFor();
		void client.prefetch();
		await client.start();
		expect(server.requestsTo('/uaid/sign')).toHaveLength(1);
	});

	it('never posts one signed request twice', async () => {
		const client = clientFor();
		await client.prefetch();
		await client.prefetch();
		expect(server.requestsTo('/uaid/sign')).toHaveLength(1);
		await client.start();
		await client.start();
		expect(server.requestsTo('/uaid/sign')).toHaveLength(2);
		const traceIds = traceIdsSentToGetMobile();
		expect(traceIds).toHaveLength(2);
		expect(new Set(traceIds).size).toBe(2);
	});

	it('fetches a new one when the prefetched request has grown stale', async () => {
		const issued: string[] = [];
		server.on('/uaid/sign', () => {
			const body = signGetMobileRequest({ appId: '300011580392', appKey: 'k' });
			issued.push(body.traceId);
			return { body };
		});
		// The client's clock (performance.now, which never goes back), moved on by the request's whole age.
		const realNow = performance.now.bind(performance);
		let offset = 0;
		const clock = vi.spyOn(performance, 'now').mockImplementation(() => realNow() + offset);
		try {
			const client = clientFor({ prefetchMaxAgeMs: 60_000 });
			await client.prefetch();
			offset = 60_000;
			await client.start();
		} finally {
			clock.mockRestore();
		}
		expect(issued).toHaveLength(2);
		expect(traceIdsSentToGetMobile()).toEqual([issued[1]]);
	});

	it('a failed prefetch is silent and the run signs for itself', async () => {
		let calls = 0;
		server.on('/uaid/sign', () => (++calls === 1 ? { status: 500, body: 'boom' } : undefined));
		const client = clientFor();
		await expect(client.prefetch()).resolves.toBeUndefined();
		await expect(client.start()).resolves.toMatchObject({ uaid: expect.any(String) });
		expect(server.requestsTo('/uaid/sign')).toHaveLength(2);
	});

	it('does not prefetch on Wi-Fi', async () => {
		vi.stubGlobal('navigator', { connection: { type: 'wifi' } });
		await clientFor().prefetch();
		expect(server.requests).toHaveLength(0);
	});

	it('reset() forgets the prefetched request', async () => {
		const client = clientFor();
		await client.prefetch();
		client.reset();
		await client.start();
		expect(server.requestsTo('/uaid/sign')).toHaveLength(2);
	});

	it('an automatic retry signs again instead of reusing anything', async () => {
		let calls = 0;
		// A getMobile failure: the last place a fresh attempt may start from (after a token, only validate is re-sent).
		server.on('/h5/getMobile', () => (++calls === 1 ? platformAnswer('999999', '系统错误') : undefined));
		const client = clientFor({ retries: 1 });
		await client.prefetch();
		await client.start();
		expect(server.requestsTo('/uaid/sign')).toHaveLength(2);
		expect(new Set(traceIdsSentToGetMobile()).size).toBe(2);
	});
});

describe('SignedRequestPrefetch', () => {
	it('hands a request out once and only while it is younger than maxAge', async () => {
		let clock = 0;
		let fetched = 0;
		const prefetch = new SignedRequestPrefetch(
			async () => signGetMobileRequest({ appId: 'a', appKey: 'k', traceId: `t${++fetched}` }),
			1000,
			() => clock,
		);
		const signal = new AbortController().signal;
		await prefetch.prefetch();
		expect(prefetch.ready).toBe(true);
		expect((await prefetch.take(signal))?.traceId).toBe('t1');
		expect(await prefetch.take(signal)).toBeUndefined();
		await prefetch.prefetch();
		clock = 1000;
		expect(prefetch.ready).toBe(false);
		expect(await prefetch.take(signal)).toBeUndefined();
	});
});
