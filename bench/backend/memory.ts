import { startChild, type BenchChild, type MemoryReport } from '../support/child.js';
import { closedLoop, FlowClient } from '../support/flow-client.js';
import { micros, mib, perSecond, table, verdict } from '../../tools/stats.js';
import { storeWriteCost } from './store-at-bound.js';

export interface MemoryOptions {
	/** Flows in the whole run. */
	flows: number;
	/** Flows before the "before" reading: JIT, pools and the store at its TTL bound. */
	warmupFlows: number;
	/** A reading every this many flows. */
	every: number;
	/** The backend's traceId lifetime in this run, ms (the kit's default is 300,000). */
	traceTtlMs: number;
	concurrency: number;
	/** Gives up after this long (a busy machine), reporting how far it got. */
	maxMs: number;
}

/**
 * Fewer warm-up flows than this leave RSS still settling to the flow rate (V8's young generation,
 * malloc arenas), so growth after them says nothing about leaks: such a run is not judged.
 */
const SETTLED_AFTER_FLOWS = 20_000;

/** Growth allowed between the warm-up reading and the last one before memory counts as not flat. */
const FLAT_TOLERANCE = 0.1;

/**
 * Part 4: the backend's RSS over many complete sign+validate flows against the simulator. The
 * backend runs in its own process, so the RSS is its own. The traceId lifetime is shortened so
 * that the replay store reaches its TTL bound early in the run: from then on, any growth would be
 * a leak rather than the store filling up.
 */
export async function benchMemory(options: MemoryOptions, print: (line: string) => void): Promise<void> {
	const children: BenchChild[] = [];
	try {
		const simulator = await startChild('backend/simulator-server.ts', { rateLimitPerMinute: 100_000_000 });
		children.push(simulator);
		const backend = await startChild('backend/backend-server.ts', {
			validateUrl: `${simulator.url}/NumberAbility/h5/imeiTokenValidate.htm`,
			traceTtlMs: options.traceTtlMs,
		});
		children.push(backend);
		const flows = new FlowClient(backend.url, simulator.url);

		const readings: { flows: number; seconds: number; memory: MemoryReport; afterGc: MemoryReport }[] = [];
		const started = performance.now();
		const read = async (count: number) => {
			// RSS as the process stands (what an operator sees), then heap after a full GC (what is really held).
			const memory = await backend.memory(false);
			const afterGc = await backend.memory(true);
			readings.push({ flows: count, seconds: (performance.now() - started) / 1000, memory, afterGc });
			process.stderr.write(`  … ${count} flows, RSS ${mib(memory.rss)}, store ${afterGc.storeSize}\n`);
		};
		await read(0);
		let nextReading = options.warmupFlows;
		const run = await closedLoop(flows, {
			concurrency: options.concurrency,
			count: options.flows,
			maxMs: options.maxMs,
			onFlow: async (done) => {
				if (done < nextReading) return;
				nextReading =
					done === options.warmupFlows ? options.every * Math.ceil((options.warmupFlows + 1) / options.every) : nextReading + options.every;
				await read(done);
			},
		});
		if (readings.at(-1)?.flows !== run.done) await read(run.done);
		flows.close();

		const warm = readings.find((r) => r.flows >= options.warmupFlows) ?? readings[0];
		const last = readings.at(-1);
		if (!warm || !last) throw new Error('no memory readings');
		print(
			`${run.done.toLocaleString('en-US')} flows in ${(run.elapsedMs / 1000).toFixed(0)} s (${perSecond((run.done * 1000) / run.elapsedMs)}, ${options.concurrency} concurrent); traceTtlMs ${options.traceTtlMs.toLocaleString('en-US')} for this run`,
		);
		print(
			table([
				['flows', 'time', 'RSS', 'heap used after GC', 'store entries'],
				...readings.map((r) => [
					r.flows.toLocaleString('en-US'),
					`${r.seconds.toFixed(0)} s`,
					mib(r.memory.rss),
					mib(r.afterGc.heapUsed),
					String(r.afterGc.storeSize ?? ''),
				]),
			]),
		);
		const growth = (last.memory.rss - warm.memory.rss) / warm.memory.rss;
		print(
			`RSS before (after ${warm.flows.toLocaleString('en-US')} warm-up flows) ${mib(warm.memory.rss)} → after ${last.flows.toLocaleString('en-US')} flows ${mib(last.memory.rss)}: ${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(1)}%`,
		);
		const storeBound = Math.max(...readings.filter((r) => r.flows >= warm.flows).map((r) => r.afterGc.storeSize ?? 0));
		const cost = await storeWriteCost();
		print(
			`replay store write (consumeTrace): ${micros(cost.roomy)} CPU while it has room, ${micros(cost.full)} once full at 100,000 consumed traceIds (a validate flood), where it forgets the earliest consumed without walking them all`,
		);
		const goal = `RSS flat (≤ +${FLAT_TOLERANCE * 100}%) over ${options.flows.toLocaleString('en-US')} flows; the store stayed ≤ ${storeBound.toLocaleString('en-US')} entries`;
		if (options.warmupFlows < SETTLED_AFTER_FLOWS)
			print(
				`· goal not judged: ${options.warmupFlows.toLocaleString('en-US')} warm-up flows (a --quick run) are too few for RSS to settle; the full run warms up with ${SETTLED_AFTER_FLOWS.toLocaleString('en-US')}`,
			);
		else print(verdict(run.done >= options.flows && growth <= FLAT_TOLERANCE, goal));
	} finally {
		await Promise.all(children.map((child) => child.close()));
	}
}
