/**
 * `npm run soak [-- --duration 5m --rate 10000 --backends 2 --ttl 60 --cluster --failover-at 10m --warmup 1m]`:
 * the load and soak run, printed minute by minute (flows, errors, p50/p99, CPU, the RSS of each
 * process) with totals. Exits 1 when a flow failed outside a failover, a traceId was validated
 * twice, or a started flow never ended.
 */
import { parseArgs } from 'node:util';
import { formatReport } from './report.js';
import { runSoak } from './soak.js';

/** `300`, `300s`, `5m`, `1h` → milliseconds. */
function parseDuration(text: string): number {
	const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
	if (!match) throw new Error(`--duration must look like 300, 90s, 5m or 1h, got ${JSON.stringify(text)}`);
	const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(match[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
	return Math.round(Number(match[1]) * unit);
}

function positiveInteger(text: string | undefined, name: string, fallback: number): number {
	if (text === undefined) return fallback;
	const value = Number(text);
	if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive whole number, got ${JSON.stringify(text)}`);
	return value;
}

const { values } = parseArgs({
	options: {
		duration: { type: 'string', default: '5m' },
		rate: { type: 'string' },
		backends: { type: 'string' },
		ttl: { type: 'string' },
		cluster: { type: 'boolean', default: false },
		'failover-at': { type: 'string' },
		warmup: { type: 'string' },
		help: { type: 'boolean', short: 'h' },
	},
});
if (values.help) {
	console.log(
		'usage: npm run soak -- [--duration 5m] [--rate 10000 flows/min] [--backends 2] [--ttl 60 s] [--cluster] [--failover-at 10m] [--warmup 1m]',
	);
	process.exit(0);
}

const durationMs = parseDuration(values.duration ?? '5m');
const failoverAtMs = values['failover-at'] === undefined ? undefined : parseDuration(values['failover-at']);
if (failoverAtMs !== undefined && !values.cluster)
	throw new Error('--failover-at needs --cluster: the failover kills a master of the Redis Cluster');
if (failoverAtMs !== undefined && failoverAtMs >= durationMs)
	throw new Error(`--failover-at must fall within --duration (${values.duration})`);
const report = await runSoak({
	durationMs,
	flowsPerMinute: positiveInteger(values.rate, 'rate', 10_000),
	backends: positiveInteger(values.backends, 'backends', 2),
	ttlSeconds: positiveInteger(values.ttl, 'ttl', 60),
	cluster: values.cluster,
	failoverAtMs,
	warmupMs: parseDuration(values.warmup ?? '1m'),
	log: (line) => console.log(line),
});
console.log(formatReport(report));
// Failure is an error outside a failover, a second success, or a flow that never ended; a machine too slow for the rate is reported above, not failed.
const ended = report.completed + report.errors === report.started;
process.exit(Object.keys(report.errorsOutsideFailover).length === 0 && report.doubleSuccesses === 0 && ended ? 0 : 1);
