/**
 * `redis: { cluster }`: two `cmcc-uaid serve` processes share a real Redis Cluster on loopback
 * (three masters, three replicas), so a traceId signed at one is validated once at the other.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/index.js';
import { startRedisCluster, type RunningRedisCluster } from '../../tools/redis-cluster.js';
import { postJson, signAndGetToken, startTestSimulator } from '../server/support.js';
import { configDir, killLeftovers, serveConfig, startServe } from './support.js';

let simulator: RunningSimulator;
let cluster: RunningRedisCluster;
beforeAll(async () => {
	simulator = await startTestSimulator();
	cluster = await startRedisCluster();
}, 120_000);
afterAll(async () => {
	killLeftovers();
	await cluster?.stop();
	await simulator?.close();
});

describe('cmcc-uaid serve with redis: { cluster }', () => {
	it('is ready on the cluster and shares the replay store between two instances', async () => {
		const dir = await configDir();
		const config = serveConfig(simulator.validateUrl, {
			redis: { cluster: cluster.startupNodes.map(({ host, port }) => `redis://${host}:${port}`), prefix: 'serve-cluster:' },
		});
		const [first, second] = [await startServe(dir, config), await startServe(dir, config)];
		expect(await (await fetch(`${first.url}/readyz`)).json()).toEqual({ status: 'ready', store: 'redis-cluster' });
		const { signed, token } = await signAndGetToken(first.url, simulator);
		const validated = await postJson(`${second.url}/uaid/validate`, { token, traceId: signed.traceId });
		expect(validated.status).toBe(200);
		expect(validated.headers.get('set-cookie')).toMatch(/^uaid_session=ey/);
		expect((await postJson(`${first.url}/uaid/validate`, { token, traceId: signed.traceId })).json.error.code).toBe('replayed-trace');
		for (const serve of [first!, second!]) serve.child.kill('SIGTERM');
		expect([await first!.exit, await second!.exit]).toEqual([0, 0]);
	}, 60_000);
});
