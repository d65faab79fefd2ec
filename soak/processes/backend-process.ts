/** One backend instance: the server kit on node:http with its replay and rate-limit store in Redis (one server or a Cluster). */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Cluster, Redis } from 'ioredis';
import { createRedisStore, createUaidHandler, toNodeListener } from '../../src/server/index.js';
import { announceReady, exitWithParent, settings } from './ipc.js';
import { reportServerDurations } from './server-durations.js';

export interface BackendProcessSettings {
	appId: string;
	appKey: string;
	privateKey: string;
	validateUrl: string;
	/** One redis-server's port, or the nodes of a Redis Cluster. */
	redis: { port: number } | { cluster: { host: string; port: number }[] };
	traceTtlMs: number;
	signLimitPerMinute: number;
	allowedOrigin: string;
}

const options = settings<BackendProcessSettings>();
// Before the kit is created: its server spans are the per-minute latency measured inside the backend.
reportServerDurations();
const redis =
	'cluster' in options.redis
		? // As in test/server/redis-cluster.test.ts: while a master is gone its keys fail at once (store-unavailable) rather than wait for the failover.
			new Cluster(options.redis.cluster, { retryDelayOnFailover: 0, retryDelayOnClusterDown: 0 })
		: new Redis({ host: '127.0.0.1', port: options.redis.port });
// ioredis reports a lost node as an 'error' event as well as by failing the commands; the kit sees the latter.
redis.on('error', () => undefined);
await new Promise((resolve) => redis.once('ready', resolve));
const handler = createUaidHandler({
	appId: options.appId,
	appKey: options.appKey,
	privateKey: options.privateKey,
	validateUrl: options.validateUrl,
	allowedOrigins: [options.allowedOrigin],
	store: createRedisStore(redis, { prefix: 'soak:' }),
	traceTtlMs: options.traceTtlMs,
	// The proxy in front appends the client address: one hop from the right, as behind a real load balancer.
	clientIp: { header: 'x-forwarded-for', hops: 1 },
	rateLimit: { limit: options.signLimitPerMinute, windowMs: 60_000 },
	// The soak measures throughput, not the platform timeout: a loaded 2-core machine must not turn into errors.
	timeoutMs: 30_000,
});
const server = createServer(toNodeListener(handler));
server.keepAliveTimeout = 30_000;
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
exitWithParent(async () => {
	server.closeAllConnections();
	await new Promise<void>((resolve) => server.close(() => resolve()));
	redis.disconnect();
});
announceReady((server.address() as AddressInfo).port);
