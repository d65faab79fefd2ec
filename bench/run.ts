/**
 * `npm run bench`: bundle sizes, click-to-UAID against the network floor, backend throughput and
 * memory, each printed beside the baseline it is measured against. Timings are printed, never
 * asserted; the size budgets are enforced by test/budget/ in `npm test`.
 *
 *   npm run bench                         # everything (builds first)
 *   npx tsx bench/run.ts --only backend   # one part: sizes, click, layout, backend, memory, telemetry
 *   npx tsx bench/run.ts --quick          # shorter runs, for trying the script out
 *   npx tsx bench/run.ts --only click --latency 50 --runs 40   # one-way latency per hop, runs per variant
 *   npm run bench -- --json bench.json    # also writes the headline figures as JSON (see BenchJson)
 *
 * Environment: BENCH_DIST_DIR=dir runs the servers from a private build instead of dist/;
 * BENCH_PROFILE_DIR=dir writes a CPU profile of every server (read it with bench/profile-summary.ts);
 * BENCH_CLICK_TRACE=1 prints each click run's steps; BENCH_PROXY_TRACE=1 each proxied connection.
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { benchMemory } from './backend/memory.js';
import { benchClick, type ClickFigures } from './click/click-to-uaid.js';
import { benchLayoutShift, type LayoutFigures } from './click/layout-shift.js';
import { benchTelemetryOverhead } from './backend/telemetry-overhead.js';
import { benchThroughput, type BackendFigures } from './backend/throughput.js';
import { benchSizes } from '../tools/sizes/size-report.js';

const { values } = parseArgs({
	options: {
		only: { type: 'string' },
		quick: { type: 'boolean', default: false },
		latency: { type: 'string', default: '100' },
		runs: { type: 'string' },
		json: { type: 'string' },
	},
});

/**
 * What `--json FILE` writes: the headline figures as numbers, each part present when it ran
 * (`click` ratios are median ÷ network floor, NaN written as null where an engine is missing).
 */
interface BenchJson {
	date: string;
	quick: boolean;
	loadAverage: { start: number[]; end?: number[] };
	backend?: BackendFigures;
	click?: ClickFigures;
	sizes?: { iifeGzip: number; iifeBrotli: number };
	layout?: LayoutFigures;
}
const parts = new Set((values.only ?? 'sizes,click,layout,backend,memory,telemetry').split(',').map((part) => part.trim()));
const quick = values.quick ?? false;
const print = (line: string): void => console.log(line);
const figures: BenchJson = { date: new Date().toISOString(), quick, loadAverage: { start: loadavg() } };

const cpu = cpus()[0]?.model ?? 'unknown CPU';
print(`cmcc-uaid bench — ${new Date().toISOString()}`);
print(
	`machine: ${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, load average ${loadavg()
		.map((l) => l.toFixed(2))
		.join(' ')}`,
);

if (parts.has('sizes')) {
	print('');
	print('## 1. Bundle size');
	figures.sizes = await benchSizes(print);
}
if (parts.has('click')) {
	print('');
	print('## 2. Click-to-UAID in Chromium, Firefox and WebKit against the network floor');
	figures.click = await benchClick({ oneWayMs: Number(values.latency), runs: Number(values.runs ?? (quick ? 3 : 20)) }, print);
}
if (parts.has('layout')) {
	print('');
	print('## 2b. Layout shift when the element upgrades (script tag with defer)');
	figures.layout = await benchLayoutShift(print);
}
if (parts.has('backend')) {
	print('');
	print('## 3. Backend throughput (loopback; backend, simulator and baseline servers each in their own process)');
	figures.backend = await benchThroughput(
		quick
			? { seconds: 3, connections: 32, flowConcurrency: 16, quotaSeconds: 5, validations: 1_000, lookups: 100_000 }
			: { seconds: 10, connections: 32, flowConcurrency: 16, quotaSeconds: 30, validations: 5_000, lookups: 1_000_000 },
		print,
	);
}
if (parts.has('memory')) {
	print('');
	print('## 4. Backend memory (RSS of the backend process over complete flows against the simulator)');
	await benchMemory(
		quick
			? { flows: 5_000, warmupFlows: 1_000, every: 1_000, traceTtlMs: 2_000, concurrency: 16, maxMs: 120_000 }
			: { flows: 100_000, warmupFlows: 20_000, every: 10_000, traceTtlMs: 10_000, concurrency: 16, maxMs: 20 * 60_000 },
		print,
	);
}
if (parts.has('telemetry')) {
	print('');
	print('## 5. OpenTelemetry on the sign path (loopback; one backend process per variant)');
	await benchTelemetryOverhead(quick ? { seconds: 3, rounds: 2, connections: 32 } : { seconds: 5, rounds: 5, connections: 32 }, print);
}
print('');
print(
	`load average at the end: ${loadavg()
		.map((l) => l.toFixed(2))
		.join(' ')}`,
);
if (values.json) {
	figures.loadAverage.end = loadavg();
	writeFileSync(values.json, `${JSON.stringify(figures, null, '\t')}\n`);
	print(`figures written to ${values.json}`);
}
