import { createHash } from 'node:crypto';
import type { ConsumeTraceResult, UaidStore } from './store.js';
import { invalidOption } from '../errors/index.js';

/**
 * The part of an ioredis (or compatible) client the store uses: `eval`/`evalsha` with the key
 * count first. The kit has no runtime dependency on any Redis library.
 */
export interface RedisEvalClient {
	eval(script: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
	evalsha?(sha1: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
}

export interface RedisStoreOptions {
	/**
	 * Prefix of every key the store writes, so one Redis can serve several apps or environments.
	 * @default 'cmcc-uaid:'
	 * @example createRedisStore(redis, { prefix: 'shop-prod:uaid:' })
	 */
	prefix?: string;
}

// Consumes in one atomic step: SET NX writes the marker only if no instance has, with the rest of
// the traceId's lifetime as its expiry, so a second use reads `replayed` until then.
const CONSUME_SCRIPT = `
if redis.call('SET', KEYS[1], '1', 'PX', ARGV[1], 'NX') then return 'ok' end
return 'replayed'
`;

// The expiry is set with the first hit in the same script, so a crash can never leave a counter without one.
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return count
`;

interface Script {
	source: string;
	sha1: string;
}

const script = (source: string): Script => ({ source, sha1: createHash('sha1').update(source).digest('hex') });

/**
 * A store in Redis for several instances behind a load balancer: consuming a traceId is one Lua
 * script, so two instances racing on it give exactly one `ok`.
 *
 * @example
 * import Redis from 'ioredis';
 * createUaidHandler({ ..., store: createRedisStore(new Redis(process.env.REDIS_URL), { prefix: 'uaid:' }) });
 */
export function createRedisStore(client: RedisEvalClient, options: RedisStoreOptions = {}): UaidStore {
	if (!client || typeof client.eval !== 'function')
		throw invalidOption(
			'createRedisStore(client)',
			'needs a client with eval(script, numKeys, ...args), such as an ioredis instance or Cluster.',
		);
	const prefix = options.prefix ?? 'cmcc-uaid:';
	const consume = script(CONSUME_SCRIPT);
	const hit = script(HIT_SCRIPT);

	async function run(s: Script, keys: string[], args: (string | number)[]): Promise<unknown> {
		if (typeof client.evalsha === 'function') {
			try {
				return await client.evalsha(s.sha1, keys.length, ...keys, ...args);
			} catch (error) {
				// Redis answers NOSCRIPT until a script has been loaded once (and after SCRIPT FLUSH or a restart).
				if (!(error instanceof Error && error.message.includes('NOSCRIPT'))) throw error;
			}
		}
		return client.eval(s.source, keys.length, ...keys, ...args);
	}

	return {
		async consumeTrace(traceId, ttlMs): Promise<ConsumeTraceResult> {
			const result = String(await run(consume, [`${prefix}trace:${traceId}`], [Math.max(1, Math.ceil(ttlMs))]));
			if (result === 'ok' || result === 'replayed') return result;
			throw new Error(`Unexpected answer from the consume script: ${result.slice(0, 40)}`);
		},
		async hit(key, windowMs) {
			return Number(await run(hit, [`${prefix}rate:${key}`], [Math.max(1, Math.ceil(windowMs))]));
		},
	};
}
