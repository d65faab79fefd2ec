/** What a soak run reports: soak.ts fills it in, report.ts prints it (a file of its own, so neither imports the other). */
import type { FailoverReport } from './failover.js';
import type { LatencySummary, MinuteRow } from './minutes.js';

interface ProcessMemory {
	name: string;
	pid: number | undefined;
	rssStart: number | undefined;
	rssEnd: number | undefined;
	rssPeak: number | undefined;
}

export interface SoakReport {
	durationMs: number;
	flowsPerMinute: number;
	backends: number;
	cluster: boolean;
	warmupMs: number;
	minuteMs: number;
	/** Flows the schedule called for. */
	scheduled: number;
	/** Flows started within the duration; fewer than `scheduled` when the machine could not keep the rate. */
	started: number;
	completed: number;
	errors: number;
	/** Errors by `stage:what`, e.g. `validate:503 store-unavailable`. */
	errorKinds: Record<string, number>;
	/** Errors that ended outside the failover window (all of them without a failover): must be none. */
	errorsOutsideFailover: Record<string, number>;
	/** Flows that started more than a second after their slot (the machine could not keep up). */
	lateStarts: number;
	achievedPerMinute: number;
	/** Whole flow, from the scheduled start, after the warm-up. */
	latency: LatencySummary;
	minutes: MinuteRow[];
	/** 1-based numbers of the minutes the failover window overlaps. */
	failoverMinutes: number[];
	processes: ProcessMemory[];
	/** Replays of completed flows by answer, failover replays included: `replayed` is right. */
	replays: Record<string, number>;
	/** A second success for one traceId: must be 0. */
	doubleSuccesses: number;
	failover?: FailoverReport & { windowEndAt: number; lastErrorAt: number | undefined };
	/** Load average of the machine (1 min) at the start and at the end: other work sharing the cores. */
	loadAverage: { start: number; end: number };
}
