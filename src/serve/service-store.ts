import { createRequire } from 'node:module';
import { createMemoryStore } from '../server/stores/memory-store.js';
import { createRedisStore, type RedisEvalClient } from '../server/stores/redis-store.js';
import type { UaidStore } from '../server/stores/store.js';
import { ServeConfigError } from './errors.js';
import { resolveSecret } from './secrets.js';
import type { ServeConfig } from './serve-config.js';

/** The kit's store with what operations need of it: whether it answers, and how to let it go. */
export interface ServiceStore {
	readonly store: UaidStore;
	readonly kind: 'memory' | 'redis' | 'redis-cluster';
	/** Resolves true when the store answers (memory always; Redis a PING within `timeoutMs`). */
	ready(timeoutMs?: number): Promise<boolean>;
	close(): Promise<void>;
}

/** The part of ioredis the service uses: the kit's eval, and a PING for readiness. */
interface RedisClient extends RedisEvalClient {
	ping(): Promise<unknown>;
	quit(): Promise<unknown>;
}

interface IoRedisModule {
	Redis: new (url: string, options: object) => RedisClient;
	Cluster: new (nodes: { host: string; port: number }[], options: object) => RedisClient;
}

/**
 * ioredis is an optional peer: only a config with `redis` needs it, so it is loaded then, from the
 * application's node_modules, and its absence is a start-up error that says what to install.
 */
function loadIoRedis(): IoRedisModule {
	try {
		return createRequire(import.meta.url)('ioredis') as IoRedisModule;
	} catch (cause) {
		throw new ServeConfigError(
			'missing-dependency',
			'config redis needs the package "ioredis", an optional peer dependency of cmcc-uaid: npm install ioredis',
			{ field: 'redis', cause },
		);
	}
}

const withTimeout = <T>(work: Promise<T>, timeoutMs: number): Promise<T | undefined> =>
	new Promise((resolve) => {
		const timer = setTimeout(() => resolve(undefined), timeoutMs);
		work.then(
			(value) => {
				clearTimeout(timer);
				resolve(value);
			},
			() => {
				clearTimeout(timer);
				resolve(undefined);
			},
		);
	});

/**
 * The memory store, or Redis (one server or a cluster) as `config.redis` says.
 * @throws {ServeConfigError} `missing-dependency` (ioredis), `missing-secret`/`unreadable-file` (redis.password).
 */
export async function createServiceStore(config: ServeConfig, configDir: string): Promise<ServiceStore> {
	const { redis } = config;
	if (!redis) return { store: createMemoryStore(), kind: 'memory', ready: async () => true, close: async () => undefined };
	const password = redis.password ? await resolveSecret(redis.password, 'redis.password', configDir) : undefined;
	const { Redis, Cluster } = loadIoRedis();
	// Commands wait for the connection instead of failing at once, but not for ever: a request gets store-unavailable.
	const options = { maxRetriesPerRequest: 1, enableOfflineQueue: true, lazyConnect: false, ...(password ? { password } : {}) };
	const client = redis.cluster
		? new Cluster(
				redis.cluster.map((url) => ({ host: new URL(url).hostname, port: Number(new URL(url).port || 6379) })),
				{ redisOptions: options },
			)
		: new Redis(redis.url!, options);
	// ioredis reports connection trouble as 'error' events; readiness and the kit's store-unavailable say it instead.
	(client as unknown as { on(event: string, listener: () => void): void }).on('error', () => undefined);
	return {
		store: createRedisStore(client, redis.prefix === undefined ? {} : { prefix: redis.prefix }),
		kind: redis.cluster ? 'redis-cluster' : 'redis',
		ready: async (timeoutMs = 1000) => (await withTimeout(client.ping(), timeoutMs)) === 'PONG',
		close: async () => {
			await withTimeout(client.quit(), 1000);
		},
	};
}
