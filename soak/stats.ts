/** Nearest-rank percentile of durations in ms; NaN for none. Pass `sorted` when `values` is already ascending. */
export function percentile(values: readonly number[], p: number, sorted = false): number {
	if (values.length === 0) return Number.NaN;
	const ascending = sorted ? values : [...values].sort((a, b) => a - b);
	const rank = Math.min(ascending.length - 1, Math.max(0, Math.ceil((p / 100) * ascending.length) - 1));
	return ascending[rank]!;
}

const mib = (bytes: number | undefined): string => (bytes === undefined ? 'n/a' : `${(bytes / 1024 / 1024).toFixed(1)} MiB`);
