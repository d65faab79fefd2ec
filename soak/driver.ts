/**
 * The load: flows started on a fixed schedule (open loop) at `flowsPerMinute`, each counted in
 * its minute, every `replayEvery`-th one validated a second time as a double click would.
 */
import type { FlowResult, FlowRunner } from './flows.js';
import type { Minutes } from './minutes.js';

export interface DriverOptions {
	durationMs: number;
	flowsPerMinute: number;
	/** Most flows in flight at once; past it starts wait in the driver (their latency still counts from their slot). */
	maxInFlight: number;
	/** Every n-th completed flow is replayed at once: it must be refused as `replayed-trace`. */
	replayEvery: number;
	/** The run's clock, ms. */
	now: () => number;
}

export interface FailedFlow {
	kind: string;
	scheduledAt: number;
	endedAt: number;
}

/** How many completed flows are kept for a replay after a failover: a few seconds' worth at 10,000/min. */
const RECENT_KEPT = 2_000;

export class LoadDriver {
	scheduled = 0;
	started = 0;
	completed = 0;
	inFlight = 0;
	/** Flows that started more than a second after their slot: the machine (or the in-flight cap) held them back. */
	lateStarts = 0;
	readonly failed: FailedFlow[] = [];
	/** Outcomes of replays by kind: `replayed` is right, `success` is a second UAID for one traceId. */
	readonly replays: Record<string, number> = {};
	readonly #recent: { endedAt: number; traceId: string; token: string }[] = [];
	#stopped = false;

	constructor(
		readonly runner: FlowRunner,
		readonly minutes: Minutes,
		readonly options: DriverOptions,
	) {}

	/** Completed flows that ended in [from, to], newest last (up to the last RECENT_KEPT). */
	completedBetween(from: number, to: number): { traceId: string; token: string }[] {
		return this.#recent.filter((flow) => flow.endedAt >= from && flow.endedAt <= to);
	}

	/** Replays one traceId and counts the outcome. */
	async replay(traceId: string, token: string, counts: Record<string, number> = this.replays): Promise<void> {
		const outcome = await this.runner.replay(traceId, token);
		counts[outcome] = (counts[outcome] ?? 0) + 1;
	}

	/** Ends the schedule early (the run is failing). */
	stop(): void {
		this.#stopped = true;
	}

	async #flow(scheduledAt: number): Promise<void> {
		const result: FlowResult = await this.runner.run(scheduledAt);
		this.minutes.ended(result);
		if (result.error !== undefined) {
			this.failed.push({ kind: result.error, scheduledAt, endedAt: result.endedAt });
			return;
		}
		this.completed++;
		this.#recent.push({ endedAt: result.endedAt, traceId: result.traceId!, token: result.token! });
		if (this.#recent.length > RECENT_KEPT * 1.5) this.#recent.splice(0, this.#recent.length - RECENT_KEPT);
		if (this.completed % this.options.replayEvery === 0) await this.replay(result.traceId!, result.token!);
	}

	/**
	 * Starts every flow of the schedule in its slot (or as soon after as the cap allows) until the
	 * duration is over, and resolves when all have ended. What a slow machine could not start by
	 * then is not started later: `started` < `scheduled` says so.
	 */
	async run(): Promise<void> {
		const { durationMs, flowsPerMinute, maxInFlight, now } = this.options;
		const interval = 60_000 / flowsPerMinute;
		this.scheduled = Math.floor(durationMs / interval);
		const pending = new Set<Promise<void>>();
		for (;;) {
			const elapsed = now();
			if (this.started >= this.scheduled || elapsed >= durationMs || this.#stopped) break;
			const due = Math.min(this.scheduled, Math.floor(elapsed / interval) + 1);
			while (this.started < due && this.inFlight < maxInFlight) {
				const scheduledAt = this.started * interval;
				if (elapsed - scheduledAt > 1000) this.lateStarts++;
				this.started++;
				this.inFlight++;
				this.minutes.started(scheduledAt);
				const flow = this.#flow(scheduledAt).finally(() => {
					this.inFlight--;
					pending.delete(flow);
				});
				pending.add(flow);
			}
			// Sleep until the next slot; a timer cannot fire sooner than 1 ms.
			await new Promise((resolve) => setTimeout(resolve, Math.max(1, this.started * interval - now())));
		}
		await Promise.all(pending);
	}
}
