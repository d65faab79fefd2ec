/** The soak's report as text: totals, a latency and CPU table by minute, an RSS table by minute, verdicts. */
import { table } from '../tools/stats.js';
import type { MinuteRow } from './minutes.js';
import type { SoakReport } from './soak-report.js';

const ms = (value: number): string =>
	Number.isFinite(value) ? `${value < 100 ? value.toFixed(1) : Math.round(value).toLocaleString('en-US')}` : 'n/a';
const mib = (bytes: number | undefined): string => (bytes === undefined ? '–' : (bytes / 1024 / 1024).toFixed(0));
const percent = (part: number, whole: number): string => (whole > 0 ? `${Math.round((part / whole) * 100)} %` : 'n/a');
const kinds = (counts: Record<string, number>): string =>
	Object.entries(counts)
		.map(([kind, n]) => `${kind} ×${n}`)
		.join(', ');
const sum = (values: Record<string, number>): number => Object.values(values).reduce((a, b) => a + b, 0);
/** CPU of the soak's processes (load generator included) and of everything else, as shares of all cores. */
const cpu = (row: MinuteRow): [string, string] => [percent(sum(row.cpuMs), row.machineMs), percent(row.othersCpuMs, row.machineMs)];

/** Each process's CPU time over the run divided by the flows completed, replays included in the cost. */
function cpuPerFlow(report: SoakReport): string {
	const total: Record<string, number> = {};
	for (const row of report.minutes) for (const [name, cpuMs] of Object.entries(row.cpuMs)) total[name] = (total[name] ?? 0) + cpuMs;
	const perFlow = (cpuMs: number): string => `${Math.round((cpuMs * 1000) / Math.max(1, report.completed)).toLocaleString('en-US')} µs`;
	return `${Object.entries(total)
		.map(([name, cpuMs]) => `${name} ${perFlow(cpuMs)}`)
		.join(', ')}; all ${perFlow(sum(total))}`;
}

/** One line per minute while the soak runs. */
export function progressLine(row: MinuteRow, inFlight: number): string {
	const errors = sum(row.errors);
	const [ours, others] = cpu(row);
	return `minute ${row.minute}: ${row.started} started, ${row.completed} completed${errors ? `, ${errors} errors (${kinds(row.errors)})` : ''}, ${inFlight} in flight; flow p50 ${ms(row.flow.p50)} ms p99 ${ms(row.flow.p99)} ms; inside the backends p99 ${ms(row.server.all.p99)} ms; CPU soak ${ours}, others ${others}; RSS ${Object.entries(
		row.rss,
	)
		.map(([name, rss]) => `${name} ${mib(rss)}`)
		.join(', ')} MiB`;
}

export function formatReport(report: SoakReport): string {
	const warmupRows = Math.ceil(report.warmupMs / report.minuteMs);
	const unit = report.minuteMs === 60_000 ? 'minute' : `${report.minuteMs / 1000} s`;
	const mark = (row: MinuteRow): string =>
		`${row.minute}${row.minute <= warmupRows ? ' (warm-up)' : report.failoverMinutes.includes(row.minute) ? ' (failover)' : ''}`;
	const lines = [
		`soak: ${report.flowsPerMinute.toLocaleString('en-US')} flows/min for ${Math.round(report.durationMs / 1000)} s, ${report.backends} backends on ${report.cluster ? 'a Redis Cluster (3 masters + 3 replicas)' : 'one redis-server'} behind a round-robin proxy; load average ${report.loadAverage.start.toFixed(1)} at the start, ${report.loadAverage.end.toFixed(1)} at the end`,
		`flows: ${report.scheduled} scheduled, ${report.started} started, ${report.completed} completed, ${report.errors} errors (achieved ${report.achievedPerMinute}/min, ${report.lateStarts} late starts${report.started < report.scheduled ? `, ${report.scheduled - report.started} not started: the machine could not keep the rate` : ''})`,
	];
	if (report.failover) {
		const f = report.failover;
		const failoverErrors = Object.fromEntries(
			Object.entries(report.errorKinds)
				.map(([kind, n]) => [kind, n - (report.errorsOutsideFailover[kind] ?? 0)])
				.filter(([, n]) => (n as number) > 0),
		);
		lines.push(
			`failover: master on port ${f.killedPort} SIGKILLed at ${ms(f.killedAt / 1000)} s; cluster ok again after ${ms(f.clusterOkAt - f.killedAt)} ms; last failed flow ended ${f.lastErrorAt === undefined ? 'n/a (none failed)' : `${ms(f.lastErrorAt - f.killedAt)} ms`} after the kill (recovery time)`,
			`  errors in the failover window (kill → cluster ok + 5 s): ${kinds(failoverErrors) || 'none'}`,
			`  flows completed in the ${f.replayWindowMs / 1000} s before the kill, replayed after it: ${kinds(f.replayed) || 'none'}`,
		);
	}
	lines.push(
		`errors outside a failover: ${kinds(report.errorsOutsideFailover) || 'none'}`,
		`replays of completed flows: ${kinds(report.replays) || 'none'}; double successes: ${report.doubleSuccesses}`,
		`whole flow from its scheduled start, after the warm-up${report.failoverMinutes.length ? ', failover minutes aside' : ''}: p50 ${ms(report.latency.p50)} ms, p99 ${ms(report.latency.p99)} ms, max ${ms(report.latency.max)} ms (${report.latency.count} flows)`,
		'',
		table([
			[
				unit,
				'started',
				'completed',
				'errors',
				'flow p50',
				'flow p99',
				'sign p99',
				'getMobile p99',
				'validate p99',
				'backend sign p99',
				'backend validate p99',
				'backend p99',
				'driver stall',
				'CPU soak',
				'CPU others',
			],
			...report.minutes.map((row) => [
				mark(row),
				String(row.started),
				String(row.completed),
				String(sum(row.errors)),
				ms(row.flow.p50),
				ms(row.flow.p99),
				ms(row.stepP99.sign),
				ms(row.stepP99.getMobile),
				ms(row.stepP99.validate),
				ms(row.server.sign.p99),
				ms(row.server.validate.p99),
				ms(row.server.all.p99),
				ms(row.driverStallMs),
				...cpu(row),
			]),
		]),
		"latencies in ms; sign/getMobile/validate p99: the load generator's view, through the proxy; backend p99: the backends' own server spans (POST /uaid/sign and /uaid/validate, from the request reaching the kit to its answer) that ended in the minute, all backends together; driver stall: the longest the load generator's event loop was blocked; CPU as shares of all cores: the soak (servers, Redis, proxy and the load generator) and every other process on the machine",
		`CPU per completed flow: ${cpuPerFlow(report)}`,
		'',
		table([
			['RSS MiB at the end of', ...report.processes.map((p) => p.name)],
			['start', ...report.processes.map((p) => mib(p.rssStart))],
			...report.minutes.map((row) => [`${unit} ${mark(row)}`, ...report.processes.map((p) => mib(row.rss[p.name]))]),
		]),
	);
	const measured = report.minutes.filter(
		(row) => row.minute > warmupRows && !report.failoverMinutes.includes(row.minute) && row.flow.count > 0,
	);
	const worst = measured.reduce<MinuteRow | undefined>((w, row) => (w === undefined || row.flow.p99 > w.flow.p99 ? row : w), undefined);
	if (worst)
		lines.push(
			'',
			`${worst.flow.p99 < 50 ? '✓' : '✗'} goal whole-flow p99 < 50 ms in every ${unit} after the warm-up${report.failoverMinutes.length ? ' (failover aside)' : ''}: worst ${ms(worst.flow.p99)} ms (${unit} ${worst.minute})`,
		);
	const inside = report.minutes.filter(
		(row) => row.minute > warmupRows && !report.failoverMinutes.includes(row.minute) && row.server.all.count > 0,
	);
	const worstInside = inside.reduce<MinuteRow | undefined>(
		(w, row) => (w === undefined || row.server.all.p99 > w.server.all.p99 ? row : w),
		undefined,
	);
	if (worstInside)
		lines.push(
			`${worstInside.server.all.p99 < 20 ? '✓' : '✗'} goal request p99 < 20 ms inside the backends in every ${unit} after the warm-up${report.failoverMinutes.length ? ' (failover aside)' : ''}: worst ${ms(worstInside.server.all.p99)} ms (${unit} ${worstInside.minute}; sign ${ms(worstInside.server.sign.p99)}, validate ${ms(worstInside.server.validate.p99)})`,
		);
	const afterWarmup = report.minutes[warmupRows - 1]?.rss ?? report.minutes[0]?.rss;
	if (afterWarmup && report.minutes.length > warmupRows + 1) {
		const growth = report.processes.map((p) => ({ name: p.name, from: afterWarmup[p.name], to: p.rssEnd })).filter((g) => g.from && g.to);
		lines.push(
			`RSS from the end of ${warmupRows ? 'the warm-up' : `${unit} 1`} to the end: ${growth.map((g) => `${g.name} ${g.to! >= g.from! ? '+' : ''}${(((g.to! - g.from!) / g.from!) * 100).toFixed(1)} %`).join(', ')}`,
		);
	}
	lines.push(`${report.doubleSuccesses === 0 ? '✓' : '✗'} no traceId validated twice (${report.doubleSuccesses} double successes)`);
	return lines.join('\n');
}
