/**
 * The coverage classifier on its own, in this process: what loading the ip2region databases costs
 * once, and what one `ip2regionCoverage()` lookup costs after that, per kind of address. The
 * endpoint's req/s beside sign is in throughput.ts.
 */
import { importDist } from '../../tools/dist.js';
import { now } from '../support/flow-client.js';
import { mib, ms, table } from '../../tools/stats.js';

/** Real addresses, one per answer and address family, as the coverage tests use them. */
export const COVERAGE_ADDRESSES = {
	'China Mobile IPv4': '117.136.12.79',
	'China Telecom IPv4': '202.96.134.133',
	'foreign IPv4': '8.8.8.8',
	'China Mobile IPv6': '2409:8954:1a0:abcd::1',
	'China Unicom IPv6': '2408:8456:1234::1',
	'private IPv4 (no lookup)': '192.168.1.10',
} as const;

export async function benchCoverageLookup(lookups: number, print: (line: string) => void): Promise<void> {
	const { ip2regionCoverage } = await importDist<typeof import('../../src/server/index.js')>('server/index.js');
	const externalBefore = process.memoryUsage().external;
	const started = now();
	const classify = ip2regionCoverage();
	const loadMs = now() - started;
	// The databases are Buffers: memory outside the JS heap, which `external` counts exactly.
	const loadedBytes = process.memoryUsage().external - externalBefore;

	const rows: string[][] = [['address', 'carrier', 'CPU per lookup', 'wall per lookup']];
	for (const [name, address] of Object.entries(COVERAGE_ADDRESSES)) {
		const carrier = classify(address);
		// Warm-up: the JIT, and the pages of the database this address touches.
		for (let i = 0; i < lookups / 10; i++) classify(address);
		const cpuBefore = process.cpuUsage();
		const begin = now();
		for (let i = 0; i < lookups; i++) classify(address);
		const wallMicros = (now() - begin) * 1000;
		const cpu = process.cpuUsage(cpuBefore);
		rows.push([
			`${name} ${address}`,
			carrier,
			`${((cpu.user + cpu.system) / lookups).toFixed(2)} µs`,
			`${(wallMicros / lookups).toFixed(2)} µs`,
		]);
	}
	print(
		`ip2regionCoverage(): first call (reads both databases) ${ms(loadMs)}, +${mib(loadedBytes)} of Buffers; ${lookups.toLocaleString('en-US')} lookups per address on this thread (CPU time, which load elsewhere distorts least, and wall time):`,
	);
	print(table(rows));
}
