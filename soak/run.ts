/**
 * `npm run soak [-- --duration 5m --rate 10000 --backends 2 --ttl 60 --sample 30]`: the load and soak run,
 * printed as flows completed, errors, p50/p99 and the RSS of each process at start and end.
 * Exits 1 when any started flow failed or did not complete.
 */
import { parseArgs } from 'node:util';
import { formatReport, runSoak } from './soak.js';

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
		sample: { type: 'string' },
		help: { type: 'boolean', short: 'h' },
	},
});
if (values.help) {
	console.log('usage: npm run soak -- [--duration 5m] [--rate 10000 flows/min] [--backends 2] [--ttl 60 s] [--sample 30 s between progress lines]');
	process.exit(0);
}

const report = await runSoak({
	durationMs: parseDuration(values.duration ?? '5m'),
	flowsPerMinute: positiveInteger(values.rate, 'rate', 10_000),
	backends: positiveInteger(values.backends, 'backends', 2),
	ttlSeconds: positiveInteger(values.ttl, 'ttl', 60),
	sampleEveryMs: positiveInteger(values.sample, 'sample', 30) * 1000,
	log: (line) => console.log(line),
});
console.log(formatReport(report));
// Failure is an error or a flow that never finished; a machine too slow for the rate is reported above, not failed.
process.exit(report.errors === 0 && report.completed === report.started ? 0 : 1);
