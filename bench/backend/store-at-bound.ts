import { importDist } from '../../tools/dist.js';

/**
 * The replay store's cost per write once it holds `maxEntries` consumed traceIds (what a validate
 * flood leads to: each write then forgets the earliest consumed), beside its cost while it has
 * room: a bounded store must stay O(1) at its bound. Sign writes nothing to it.
 */
export async function storeWriteCost(maxEntries = 100_000, writes = 5_000): Promise<{ roomy: number; full: number }> {
	const { createMemoryStore } = await importDist<typeof import('../../src/server/index.js')>('server/index.js');
	const store = createMemoryStore({ maxEntries });
	const perWrite = async (prefix: string, count: number): Promise<number> => {
		const before = process.cpuUsage();
		for (let i = 0; i < count; i++) await store.consumeTrace(`${prefix}-${i}`, 300_000);
		const used = process.cpuUsage(before);
		return (used.user + used.system) / count;
	};
	const roomy = await perWrite('fill', maxEntries);
	const full = await perWrite('over', writes);
	return { roomy, full };
}
