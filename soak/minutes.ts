/**
 * The soak minute by minute: each flow counts in the minute of its scheduled start; at each
 * minute's end the RSS and CPU time of every process and the machine's busy time are sampled.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { FlowResult } from './flows.js';
import { cpuMsOf, machineCpuMs } from './machine.js';
import { rssOf } from '../tools/children.js';
import { percentile } from '../tools/stats.js';

export interface LatencySummary {
	count: number;
	p50: number;
	p99: number;
	max: number;
}

function summarise(values: number[]): LatencySummary {
	values.sort((a, b) => a - b);
	return { count: values.length, p50: percentile(values, 50), p99: percentile(values, 99), max: values.at(-1) ?? Number.NaN };
}

export interface Watched {
	name: string;
	pid: number | undefined;
}

export interface MinuteRow {
	/** 1 for the first minute of the run. */
	minute: number;
	started: number;
	completed: number;
	/** Failed flows by `stage:what`. */
	errors: Record<string, number>;
	/** Whole flow, from its scheduled start to the UAID. */
	flow: LatencySummary;
	/** p99 of each step; sign from the scheduled start (a late start counts against it). */
	stepP99: { sign: number; getMobile: number; validate: number };
	/** CPU time in the minute, ms: each watched process, and the rest of the machine. */
	cpuMs: Record<string, number>;
	othersCpuMs: number;
	/** All cores' time in the minute (2 cores × 60 s = 120,000 ms). */
	machineMs: number;
	/** RSS at the minute's end, bytes. */
	rss: Record<string, number | undefined>;
	/** The longest the load generator's own event loop was blocked in the minute, ms: a stall there delays flows the servers never saw. */
	driverStallMs: number;
	/** Inside the backends: their own sign and validate server spans that ended in the minute (all backends together). */
	server: { sign: LatencySummary; validate: LatencySummary; all: LatencySummary };
}

interface Bucket {
	started: number;
	completed: number;
	errors: Record<string, number>;
	flow: number[];
	sign: number[];
	getMobile: number[];
	validate: number[];
	serverSign: number[];
	serverValidate: number[];
}

interface Sample {
	cpu: Record<string, number | undefined>;
	rss: Record<string, number | undefined>;
	machine: { busy: number; total: number };
	driverStallMs: number;
}

export class Minutes {
	readonly #buckets: Bucket[] = [];
	readonly #samples: Sample[] = [];
	readonly #loop: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });

	constructor(
		readonly minuteMs: number,
		readonly watched: () => readonly Watched[],
	) {
		this.sample();
		this.#loop.enable();
	}

	#bucket(at: number): Bucket {
		const index = Math.max(0, Math.floor(at / this.minuteMs));
		for (let i = this.#buckets.length; i <= index; i++)
			this.#buckets.push({
				started: 0,
				completed: 0,
				errors: {},
				flow: [],
				sign: [],
				getMobile: [],
				validate: [],
				serverSign: [],
				serverValidate: [],
			});
		return this.#buckets[index]!;
	}

	started(scheduledAt: number): void {
		this.#bucket(scheduledAt).started++;
	}

	ended(result: FlowResult): void {
		const bucket = this.#bucket(result.scheduledAt);
		if (result.error !== undefined) {
			bucket.errors[result.error] = (bucket.errors[result.error] ?? 0) + 1;
			return;
		}
		bucket.completed++;
		bucket.flow.push(result.validatedAt - result.scheduledAt);
		bucket.sign.push(result.signedAt - result.scheduledAt);
		bucket.getMobile.push(result.tokenAt - result.signedAt);
		bucket.validate.push(result.validatedAt - result.tokenAt);
	}

	/** A backend's own server span: `endedAt` on the run's clock (ms since it began), `durationMs` as the backend measured it. */
	serverSpan(endpoint: 'sign' | 'validate', endedAt: number, durationMs: number): void {
		const bucket = this.#bucket(endedAt);
		(endpoint === 'sign' ? bucket.serverSign : bucket.serverValidate).push(durationMs);
	}

	/** Takes the sample that ends the current minute (and begins the next). */
	sample(): void {
		const processes = this.watched();
		this.#samples.push({
			cpu: Object.fromEntries(processes.map((p) => [p.name, cpuMsOf(p.pid)])),
			rss: Object.fromEntries(processes.map((p) => [p.name, rssOf(p.pid)])),
			machine: machineCpuMs(),
			driverStallMs: this.#loop.max / 1e6,
		});
		this.#loop.reset();
	}

	/** Stops watching the driver's event loop. */
	close(): void {
		this.#loop.disable();
	}

	/** Minute `index` (0-based), once its flows have ended and the sample after it was taken. */
	row(index: number): MinuteRow {
		const bucket = this.#buckets[index] ?? this.#bucket(index * this.minuteMs);
		const before = this.#samples[index]!;
		const after = this.#samples[index + 1] ?? before;
		const cpuMs: Record<string, number> = {};
		for (const name of Object.keys(after.cpu))
			cpuMs[name] = Math.max(0, (after.cpu[name] ?? before.cpu[name] ?? 0) - (before.cpu[name] ?? 0));
		const ours = Object.values(cpuMs).reduce((sum, ms) => sum + ms, 0);
		return {
			minute: index + 1,
			started: bucket.started,
			completed: bucket.completed,
			errors: bucket.errors,
			flow: summarise(bucket.flow),
			stepP99: { sign: summarise(bucket.sign).p99, getMobile: summarise(bucket.getMobile).p99, validate: summarise(bucket.validate).p99 },
			cpuMs,
			othersCpuMs: Math.max(0, after.machine.busy - before.machine.busy - ours),
			machineMs: after.machine.total - before.machine.total,
			rss: after.rss,
			driverStallMs: after.driverStallMs,
			server: {
				sign: summarise([...bucket.serverSign]),
				validate: summarise([...bucket.serverValidate]),
				all: summarise([...bucket.serverSign, ...bucket.serverValidate]),
			},
		};
	}

	/** Every completed flow's whole-flow latency in the minutes `from` (0-based) on, bar those in `except`. */
	flowLatencies(from: number, except: ReadonlySet<number> = new Set()): LatencySummary {
		return summarise(this.#buckets.flatMap((bucket, i) => (i >= from && !except.has(i) ? bucket.flow : [])));
	}

	/** RSS of a watched process when the run began. */
	startRss(name: string): number | undefined {
		return this.#samples[0]?.rss[name];
	}

	get count(): number {
		return Math.max(this.#buckets.length, this.#samples.length - 1);
	}
}
