import { importDist } from '../../tools/dist.js';

/**
 * The replay store's cost per write once it holds `maxEntries` live traceIds (what a sign flood
 * leads to: each write is then refused with store-full), beside its cost while it has room: a
 * bounded store must stay O(1) at its bound.
 */
export async function storeWriteCost(maxEntries = 100_000, writes = 5_000): Promise<{ roomy: number; full: number }> {
	const { createMemoryStore } = await importDist<typeof import('../../src/server/index.js')>('server/index.js');
	const store = createMemoryStore({ maxEntries });
	const perWrite = async (prefix: string, count: number): Promise<number> => {
		const before = process.cpuUsage();
		for (let i = 0; i < count; i++) await store.issueTrace(`${prefix}-${i}`, 300_000).catch(() => undefined);
		const used = process.cpuUsage(before);
		return (used.user + used.system) / count;
	};
	const roomy = await perWrite('fill', maxEntries);
	const full = await perWrite('over', writes);
	return { roomy, full };
}
