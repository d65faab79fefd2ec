import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryStore } from '../../src/server/index.js';

afterEach(() => {
	vi.useRealTimers();
});

/** The store reads Date.now(): only the clock is faked, timers stay real. */
function fakeClock(start: number): (ms: number) => void {
	vi.useFakeTimers({ toFake: ['Date'], now: start });
	return (ms) => vi.setSystemTime(Date.now() + ms);
}

describe('createMemoryStore', () => {
	it('consumes a traceId once, then reports replayed until the lifetime it was given ends', async () => {
		const advance = fakeClock(1_000);
		const store = createMemoryStore();
		expect(await store.consumeTrace('t1', 100)).toBe('ok');
		expect(await store.consumeTrace('t1', 100)).toBe('replayed');
		advance(99);
		expect(await store.consumeTrace('t1', 100)).toBe('replayed');
		advance(1);
		// Past its lifetime the kit refuses the traceId before the store is asked (its expiry is in it).
		expect(await store.consumeTrace('t1', 100)).toBe('ok');
	});

	it('gives exactly one ok to many concurrent consumers', async () => {
		const store = createMemoryStore();
		const results = await Promise.all(Array.from({ length: 50 }, () => store.consumeTrace('race', 10_000)));
		expect(results.filter((r) => r === 'ok')).toHaveLength(1);
		expect(results.filter((r) => r === 'replayed')).toHaveLength(49);
	});

	it('counts hits in a fixed window per key', async () => {
		const advance = fakeClock(0);
		const store = createMemoryStore();
		expect(await store.hit('a', 1000)).toBe(1);
		expect(await store.hit('a', 1000)).toBe(2);
		expect(await store.hit('b', 1000)).toBe(1);
		advance(999);
		expect(await store.hit('a', 1000)).toBe(3);
		advance(1);
		expect(await store.hit('a', 1000)).toBe(1);
	});

	it('stays within maxEntries under a validate flood by forgetting the earliest consumed, never by refusing', async () => {
		fakeClock(0);
		const store = createMemoryStore({ maxEntries: 100 });
		for (let i = 0; i < 100; i++) expect(await store.consumeTrace(`flood${i}`, 300_000)).toBe('ok');
		expect(store.size).toBe(100);
		// A new user's traceId is consumed (not refused), and replay of it stays refused.
		expect(await store.consumeTrace('user', 300_000)).toBe('ok');
		expect(await store.consumeTrace('user', 300_000)).toBe('replayed');
		expect(store.size).toBe(100);
		// The earliest consumed made room; the latest are still remembered.
		expect(await store.consumeTrace('flood99', 300_000)).toBe('replayed');
		for (let i = 0; i < 500; i++) await store.hit(`ip${i}`, 1_000);
		expect(store.size).toBe(200);
	});

	it('refuses a nonsensical maxEntries', () => {
		expect(() => createMemoryStore({ maxEntries: 0 })).toThrow(
			expect.objectContaining({ name: 'UaidServerError', code: 'invalid-option', message: expect.stringContaining('maxEntries') }),
		);
	});

	it('has no clock option: tests fake the clock instead', () => {
		// @ts-expect-error `now` is gone from MemoryStoreOptions (issue 24 item 4).
		createMemoryStore({ now: () => 0 });
	});
});
