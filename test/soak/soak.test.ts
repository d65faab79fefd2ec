/**
 * The short versions of `npm run soak`: two backend processes behind the round-robin proxy, the
 * simulator in its own process, complete flows at the platform's default quota — on one real
 * redis-server, and on a six-node Redis Cluster that loses a master mid-run. Asserts what must
 * hold on any machine — every flow started ended, none failed outside the failover, no traceId
 * validated twice, every process measured — and never a timing: a loaded CI box is slower, not wrong.
 */
import { describe, expect, it } from 'vitest';
import { formatReport } from '../../soak/report.js';
import { runSoak } from '../../soak/soak.js';

// Generous: on a shared 2-core machine the flows of 10 s can take a minute or more to drain.
const DRAIN_TIMEOUT_MS = 300_000;

describe('soak, 10 seconds', () => {
	it(
		'completes every flow it starts in 10 s at 10,000 flows/min through two backends on one Redis, with no error',
		async () => {
			const report = await runSoak({ durationMs: 10_000, flowsPerMinute: 10_000, backends: 2, ttlSeconds: 60 });
			console.log(formatReport(report));
			expect(report.scheduled).toBe(1666);
			expect(report.errorKinds).toEqual({});
			expect(report.errors).toBe(0);
			// How many start in 10 s depends on the machine (that would be a timing assertion); each that starts must finish.
			expect(report.started).toBeGreaterThanOrEqual(100);
			expect(report.completed).toBe(report.started);
			expect(report.doubleSuccesses).toBe(0);
			expect(Object.keys(report.replays)).toEqual(['replayed']);
			expect(report.processes.map((p) => p.name)).toEqual(['redis-server', 'simulator', 'backend 1', 'backend 2', 'proxy', 'driver']);
			for (const p of report.processes) expect(p.rssEnd).toBeGreaterThan(0);
			expect(report.minutes).toHaveLength(1);
			expect(report.minutes[0]).toMatchObject({ started: report.started, completed: report.completed });
			// Measured inside the backends as well: a sign and a validate server span per completed flow (replays add validates).
			expect(report.minutes[0]!.server.sign.count).toBeGreaterThanOrEqual(report.completed);
			expect(report.minutes[0]!.server.validate.count).toBeGreaterThanOrEqual(report.completed);
			expect(formatReport(report)).toContain('inside the backends');
		},
		DRAIN_TIMEOUT_MS,
	);

	it('on a Redis Cluster whose master is SIGKILLed at 4 s: errors only in the failover window, all of them retryable store errors, and no traceId validated twice', async () => {
		const report = await runSoak({
			durationMs: 10_000,
			flowsPerMinute: 10_000,
			backends: 2,
			cluster: true,
			failoverAtMs: 4_000,
			minuteMs: 5_000,
		});
		console.log(formatReport(report));
		expect(report.errorsOutsideFailover).toEqual({});
		for (const kind of Object.keys(report.errorKinds)) expect(kind).toMatch(/^(sign|validate):503 store-unavailable$/);
		expect(report.completed + report.errors).toBe(report.started);
		expect(report.doubleSuccesses).toBe(0);
		// A consume lost with the master (asynchronous replication) would pass the store, and be refused by the platform's single-use token.
		for (const kind of Object.keys(report.failover!.replayed)) expect(['replayed', 'replay:410 token-expired']).toContain(kind);
		expect(report.failover!.clusterOkAt).toBeGreaterThan(report.failover!.killedAt);
		expect(report.processes.map((p) => p.name)).toEqual([
			'redis-1',
			'redis-2',
			'redis-3',
			'redis-4',
			'redis-5',
			'redis-6',
			'simulator',
			'backend 1',
			'backend 2',
			'proxy',
			'driver',
		]);
		expect(report.processes.filter((p) => p.rssEnd === undefined)).toHaveLength(1);
	}, 300_000);
});
