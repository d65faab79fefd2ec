/**
 * The 10-second version of `npm run soak`: two backend processes sharing a real redis-server
 * behind the round-robin proxy, the simulator in its own process, complete flows at the platform's
 * default quota. Asserts what must hold on any machine — every flow started completed, none
 * failed, every process measured — and never a timing: a loaded CI box is slower, not wrong.
 */
import { describe, expect, it } from 'vitest';
import { formatReport, runSoak } from '../../soak/soak.js';

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
			expect(report.processes.map((p) => p.name)).toEqual(['redis-server', 'simulator', 'backend 1', 'backend 2', 'proxy']);
			for (const p of report.processes) expect(p.rssEnd).toBeGreaterThan(0);
		},
		// Generous: on a shared 2-core machine the flows of 10 s can take a minute or more to drain.
		300_000,
	);
});
