/**
 * What OpenTelemetry costs the sign path: the same backend in three processes — without
 * `@opentelemetry/api` (made unresolvable, as in an app that never installed it), with the API but
 * no SDK (the baseline: what most installs are), and with an SDK registered that samples and
 * exports every span. The variants take turns, round after round, so drift on the shared machine
 * falls on all three alike; each is compared with the baseline measured in the same run.
 */
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { startChild, type BenchChild } from '../support/child.js';
import { BENCH_ORIGIN } from '../support/flow-client.js';
import { micros, ms, perSecond, ratio, table } from '../../tools/stats.js';

export interface TelemetryOverheadOptions {
	/** Seconds of each autocannon run. */
	seconds: number;
	/** Rounds; each runs every variant once. */
	rounds: number;
	/** autocannon connections. */
	connections: number;
}

interface Variant {
	readonly name: string;
	readonly child: BenchChild;
	readonly runs: { rate: number; p50: number; p99: number; cpuPerRequest: number }[];
}

// The test's module hooks: every @opentelemetry/* specifier fails to resolve.
const WITHOUT_OPENTELEMETRY = fileURLToPath(new URL('../../test/server/fixtures/without-opentelemetry.mjs', import.meta.url));

const median = (values: readonly number[]): number => {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

async function signRun(child: BenchChild, options: TelemetryOverheadOptions, seconds = options.seconds): Promise<Variant['runs'][number]> {
	const before = (await child.memory()).cpuMicros;
	const result = await autocannon({
		url: `${child.url}/uaid/sign`,
		method: 'POST',
		headers: { 'content-type': 'application/json', origin: BENCH_ORIGIN },
		body: '{}',
		connections: options.connections,
		duration: seconds,
	});
	const failed = result.errors + result.timeouts + result.non2xx;
	if (failed > 0) throw new Error(`sign: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx answers`);
	const cpu = (await child.memory()).cpuMicros - before;
	return {
		rate: result.requests.average,
		p50: result.latency.p50,
		p99: result.latency.p99,
		cpuPerRequest: cpu / Math.max(1, result.requests.total),
	};
}

/** Part 5: sign req/s and CPU per request with no API, the API alone, and an SDK registered. */
export async function benchTelemetryOverhead(options: TelemetryOverheadOptions, print: (line: string) => void): Promise<void> {
	// Sign never calls the platform: nothing needs to listen at validateUrl.
	const base = { validateUrl: 'http://127.0.0.1:9/NumberAbility/h5/imeiTokenValidate.htm' };
	const variants: Variant[] = [];
	try {
		variants.push({
			name: 'no @opentelemetry/api installed',
			child: await startChild('backend/backend-server.ts', base, ['--import', WITHOUT_OPENTELEMETRY]),
			runs: [],
		});
		variants.push({ name: 'API, no SDK (baseline)', child: await startChild('backend/backend-server.ts', base), runs: [] });
		variants.push({
			name: 'SDK registered, every span exported',
			child: await startChild('backend/backend-server.ts', { ...base, telemetry: 'sdk' }),
			runs: [],
		});
		const step = (what: string) => process.stderr.write(`  … ${what}\n`);
		step('warming up');
		for (const variant of variants) await signRun(variant.child, options, 2);
		for (let round = 0; round < options.rounds; round++) {
			step(`round ${round + 1} of ${options.rounds}`);
			// Each round starts with a different variant, so none always runs first (or last).
			for (let i = 0; i < variants.length; i++) {
				const variant = variants[(round + i) % variants.length]!;
				variant.runs.push(await signRun(variant.child, options));
			}
		}
		const baseline = variants[1]!;
		const baseRate = median(baseline.runs.map((run) => run.rate));
		const baseCpu = median(baseline.runs.map((run) => run.cpuPerRequest));
		print(
			`POST /uaid/sign, autocannon ${options.connections} connections × ${options.seconds} s per run, ${options.rounds} rounds taking turns; medians over the rounds`,
		);
		print(
			table([
				['', 'rate', 'p50', 'p99', 'rate vs baseline', 'server CPU each', 'CPU vs baseline'],
				...variants.map((variant) => {
					const rate = median(variant.runs.map((run) => run.rate));
					const cpu = median(variant.runs.map((run) => run.cpuPerRequest));
					return [
						variant.name,
						perSecond(rate),
						ms(median(variant.runs.map((run) => run.p50))),
						ms(median(variant.runs.map((run) => run.p99))),
						ratio(rate / baseRate),
						micros(cpu),
						ratio(cpu / baseCpu),
					];
				}),
			]),
		);
		print(
			`per round, rate without the API / baseline / with the SDK: ${baseline.runs.map((_, round) => variants.map((variant) => perSecond(variant.runs[round]!.rate)).join(' / ')).join('; ')}`,
		);
	} finally {
		await Promise.all(variants.map((variant) => variant.child.close()));
	}
}
