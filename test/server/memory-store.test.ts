import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/server/index.js';

describe('createMemoryStore', () => {
	it('consumes an issued traceId once, then reports replayed until its lifetime ends, then unknown', async () => {
		let now = 1_000;
		const store = createMemoryStore({ now: () => now });
		await store.issueTrace('t1', 100);
		expect(await store.consumeTrace('t1')).toBe('ok');
		expect(await store.consumeTrace('t1')).toBe('replayed');
		now += 99;
		expect(await store.consumeTrace('t1')).toBe('replayed');
		now += 1;
		expect(await store.consumeTrace('t1')).toBe('unknown');
	});

	it('reports a never-issued traceId and an expired unconsumed one as unknown', async () => {
		let now = 0;
		const store = createMemoryStore({ now: () => now });
		expect(await store.consumeTrace('nope')).toBe('unknown');
		await store.issueTrace('t2', 50);
		now = 50;
		expect(await store.consumeTrace('t2')).toBe('unknown');
	});

	it('says whether a traceId was issued, consumed or not, until its lifetime ends, and consumes nothing', async () => {
		let now = 0;
		const store = createMemoryStore({ now: () => now });
		expect(await store.isTraceIssued!('nope')).toBe(false);
		await store.issueTrace('t3', 50);
		expect(await store.isTraceIssued!('t3')).toBe(true);
		expect(await store.consumeTrace('t3')).toBe('ok');
		expect(await store.isTraceIssued!('t3')).toBe(true);
		now = 50;
		expect(await store.isTraceIssued!('t3')).toBe(false);
	});

	it('gives exactly one ok to many concurrent consumers', async () => {
		const store = createMemoryStore();
		await store.issueTrace('race', 10_000);
		const results = await Promise.all(Array.from({ length: 50 }, () => store.consumeTrace('race')));
		expect(results.filter((r) => r === 'ok')).toHaveLength(1);
		expect(results.filter((r) => r === 'replayed')).toHaveLength(49);
	});

	it('counts hits in a fixed window per key', async () => {
		let now = 0;
		const store = createMemoryStore({ now: () => now });
		expect(await store.hit('a', 1000)).toBe(1);
		expect(await store.hit('a', 1000)).toBe(2);
		expect(await store.hit('b', 1000)).toBe(1);
		now = 999;
		expect(await store.hit('a', 1000)).toBe(3);
		now = 1000;
		expect(await store.hit('a', 1000)).toBe(1);
	});

	it('stays within maxEntries under a flood: drops expired traceIds, then refuses new ones with store-full rather than forget valid ones', async () => {
		let now = 0;
		const store = createMemoryStore({ maxEntries: 100, now: () => now });
		for (let i = 0; i < 100; i++) await store.issueTrace(`old${i}`, 10);
		now = 20;
		for (let i = 0; i < 100; i++) await store.issueTrace(`new${i}`, 1_000);
		expect(store.size).toBe(100);
		expect(await store.consumeTrace('new0')).toBe('ok');
		await expect(store.issueTrace('flood0', 1_000)).rejects.toMatchObject({ name: 'StoreError', code: 'store-full', status: 503, retryable: true });
		expect(store.size).toBe(100);
		expect(await store.consumeTrace('new5')).toBe('ok');
		expect(await store.consumeTrace('new99')).toBe('ok');
		now = 1_020;
		await store.issueTrace('after', 1_000);
		expect(await store.consumeTrace('after')).toBe('ok');
		for (let i = 0; i < 500; i++) await store.hit(`ip${i}`, 1_000);
		expect(store.size).toBe(101);
	});

	it('refuses a nonsensical maxEntries', () => {
		expect(() => createMemoryStore({ maxEntries: 0 })).toThrow(expect.objectContaining({ name: 'UaidServerError', code: 'invalid-option', message: expect.stringContaining('maxEntries') }));
	});
});
