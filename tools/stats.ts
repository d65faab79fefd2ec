/** Percentile of an ascending-sorted sample, nearest-rank: p in [0, 100]. */
export function percentile(sorted: readonly number[], p: number): number {
	if (sorted.length === 0) return Number.NaN;
	const rank = Math.ceil((p / 100) * sorted.length);
	return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] as number;
}

export interface LatencySummary {
	count: number;
	p50: number;
	p95: number;
	p99: number;
	max: number;
}

/** Median, p95, p99 and max of latencies in milliseconds. */
export function summarise(latencies: readonly number[]): LatencySummary {
	const sorted = [...latencies].sort((a, b) => a - b);
	return {
		count: sorted.length,
		p50: percentile(sorted, 50),
		p95: percentile(sorted, 95),
		p99: percentile(sorted, 99),
		max: sorted[sorted.length - 1] ?? Number.NaN,
	};
}

export const ms = (value: number): string => (Number.isFinite(value) ? `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms` : 'n/a');
export const micros = (value: number): string => (Number.isFinite(value) ? `${Math.round(value).toLocaleString('en-US')} µs` : 'n/a');
export const perSecond = (value: number): string => `${Math.round(value).toLocaleString('en-US')}/s`;
export const ratio = (value: number): string => (Number.isFinite(value) ? `${value.toFixed(2)}×` : 'n/a');
export const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** `✓ goal …` or `✗ goal …`: the verdict is printed, never asserted (timings are noisy). */
export const verdict = (met: boolean, goal: string): string => `${met ? '✓' : '✗'} goal ${goal}`;

/** A fixed-width table for the console and the README. */
export function table(rows: readonly (readonly string[])[]): string {
	const widths: number[] = [];
	for (const row of rows) for (const [i, cell] of row.entries()) widths[i] = Math.max(widths[i] ?? 0, [...cell].length);
	return rows
		.map((row) =>
			row
				.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
				.join('  ')
				.trimEnd(),
		)
		.join('\n');
}
