/**
 * Every Lua script of the Redis store touches exactly one key, KEYS[1]: that is what lets it run
 * unchanged on a Redis Cluster, where a script whose keys hash to two slots is refused (CROSSSLOT)
 * and a key built inside the script may live on another node. Checked twice: on the scripts as
 * written in src/server/stores/redis-store.ts, and on the calls the store makes against a real redis-server.
 */
import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisStore } from '../../src/server/index.js';
import { startRedis } from '../../tools/children.js';

const SOURCE = readFileSync(new URL('../../src/server/stores/redis-store.ts', import.meta.url), 'utf8');

/** The Lua scripts of a source file: every template literal that calls redis. */
function scriptsIn(source: string): string[] {
	return [...source.matchAll(/`([^`]*)`/g)].map((m) => m[1]!).filter((text) => /redis\.p?call\s*\(/.test(text));
}

/** What in `script` is not "one key, KEYS[1]"; empty when the script is fine. */
function keyProblems(script: string): string[] {
	const problems: string[] = [];
	for (const match of script.matchAll(/KEYS(\s*\[\s*([^\]]*)\])?/g)) {
		if (match[2]?.trim() !== '1') problems.push(`uses ${match[0]}`);
	}
	// The key argument of each redis.call must be the declared key, not one built from ARGV or a constant.
	for (const match of script.matchAll(/redis\.p?call\s*\(\s*(['"][^'"]+['"])\s*(?:,\s*([^,)]+))?/g)) {
		if (match[2]?.trim() !== 'KEYS[1]') problems.push(`calls ${match[1]} on ${match[2]?.trim() ?? 'no key'}`);
	}
	return problems;
}

describe('the Redis store touches one key per script', () => {
	it('the check finds a second key, a whole KEYS table, a key built in the script and a keyless call', () => {
		expect(keyProblems(`return redis.call('GET', KEYS[1])`)).toEqual([]);
		expect(keyProblems(`redis.call('SET', KEYS[1], 'x') return redis.call('DEL', KEYS[2])`)).toEqual([
			'uses KEYS[2]',
			`calls 'DEL' on KEYS[2]`,
		]);
		expect(keyProblems(`return redis.call('DEL', unpack(KEYS))`)).toEqual(['uses KEYS', `calls 'DEL' on unpack(KEYS`]);
		expect(keyProblems(`return redis.call('GET', 'other:' .. ARGV[1])`)).toEqual([`calls 'GET' on 'other:' .. ARGV[1]`]);
		expect(keyProblems(`return redis.call('FLUSHALL')`)).toEqual([`calls 'FLUSHALL' on no key`]);
	});

	it('finds the two scripts of src/server/stores/redis-store.ts, and each names only KEYS[1]', () => {
		const scripts = scriptsIn(SOURCE);
		expect(scripts).toHaveLength(2);
		for (const script of scripts) expect(keyProblems(script), script).toEqual([]);
	});

	describe('against a real redis-server', () => {
		let redis: Awaited<ReturnType<typeof startRedis>>;
		let client: Redis;
		beforeAll(async () => {
			redis = await startRedis();
			client = new Redis({ port: redis.port, host: '127.0.0.1', maxRetriesPerRequest: 0 });
		});
		afterAll(async () => {
			client?.disconnect();
			await redis?.stop();
		});

		it('every call of every store method passes one key, and runs only the scripts checked above', async () => {
			const calls: { script: string; numKeys: number }[] = [];
			// A client with eval only, so each call carries the script's text rather than its SHA1.
			const store = createRedisStore(
				{ eval: (script, numKeys, ...args) => (calls.push({ script, numKeys }), client.eval(script, numKeys, ...args)) },
				{ prefix: 'one-key:' },
			);
			expect(await store.consumeTrace('t', 10_000)).toBe('ok');
			expect(await store.consumeTrace('t', 10_000)).toBe('replayed');
			expect(await store.hit('ip', 60_000)).toBe(1);
			// A method added to the store must be added here too, or this list no longer covers it.
			expect(Object.keys(store).sort()).toEqual(['consumeTrace', 'hit']);
			expect(calls.map((c) => c.numKeys)).toEqual([1, 1, 1]);
			expect(new Set(calls.map((c) => c.script))).toEqual(new Set(scriptsIn(SOURCE)));
		});
	});
});
