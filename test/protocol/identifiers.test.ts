import { describe, expect, it, vi } from 'vitest';
import { createTraceId, isWellFormedTraceId, TRACE_ID_LENGTH } from '../../src/protocol/identifiers.js';

describe('trace identifiers', () => {
	it('are 32 lowercase alphanumerics', () => {
		for (let i = 0; i < 200; i++) expect(createTraceId()).toMatch(/^[a-z0-9]{32}$/);
		expect(TRACE_ID_LENGTH).toBe(32);
	});

	it('do not repeat', () => {
		const ids = new Set(Array.from({ length: 10_000 }, () => createTraceId()));
		expect(ids.size).toBe(10_000);
	});

	it('use every character of the alphabet with no gross bias', () => {
		const counts = new Map<string, number>();
		for (let i = 0; i < 2_000; i++) for (const c of createTraceId()) counts.set(c, (counts.get(c) ?? 0) + 1);
		expect(counts.size).toBe(36);
		const expected = (2_000 * 32) / 36;
		for (const [c, n] of counts) expect(Math.abs(n - expected) / expected, c).toBeLessThan(0.15);
	});

	it('come in any length asked for', () => {
		expect(createTraceId(8)).toMatch(/^[a-z0-9]{8}$/);
		expect(createTraceId(10_000)).toMatch(/^[a-z0-9]{10000}$/);
	});

	it('draw random bytes in blocks, not one CSPRNG call per id', () => {
		const spy = vi.spyOn(globalThis.crypto, 'getRandomValues');
		try {
			for (let i = 0; i < 1_000; i++) createTraceId();
			// 1,000 ids take ~32,500 bytes (rejection sampling drops 4 of 256): 8 blocks of 4 KiB, 9 at a block boundary.
			expect(spy.mock.calls.length).toBeLessThanOrEqual(9);
		} finally {
			spy.mockRestore();
		}
	});

	it('recognises well-formed ids and rejects others', () => {
		expect(isWellFormedTraceId(createTraceId())).toBe(true);
		expect(isWellFormedTraceId('ead7c2ed-5a86-425e-a78f-dbe96eafa3f7')).toBe(true);
		for (const bad of ['', 'a'.repeat(65), 'has space', '中文', 42, null]) expect(isWellFormedTraceId(bad)).toBe(false);
	});
});
