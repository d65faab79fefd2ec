/**
 * How much each fuzz target runs, and a tally of the cases that did run.
 *
 * Every property is bounded twice: by `numRuns` and by fast-check's `interruptAfterTimeLimit`
 * plugin, so `npm test` stops by itself on a slow or shared machine. `FUZZ_RUNS` scales all targets
 * (e.g. `FUZZ_RUNS=20000 npx vitest run test/fuzz` for a long local session). Because an
 * interrupted run counts as a pass, each target also asserts a floor of cases actually executed:
 * a fuzz test that silently ran ten cases would prove nothing.
 */
import fc from 'fast-check';

const scale = Number(process.env.FUZZ_RUNS ?? '') > 0 ? Number(process.env.FUZZ_RUNS) / 2000 : 1;

/** Cases for a target: `base` at the default scale (2000 runs ≙ 1). */
export const runs = (base: number): number => Math.max(1, Math.round(base * scale));

/** Seconds a target may spend before fast-check stops it (results so far stand). */
const DEFAULT_TIME_LIMIT_MS = Number(process.env.FUZZ_TIME_LIMIT_MS ?? '') || 15_000;

/** The vitest timeout for a fuzz test: the time limit plus room to finish the case in flight. */
export const FUZZ_TEST_TIMEOUT_MS = DEFAULT_TIME_LIMIT_MS * 2 + 30_000;

export function budget(numRuns: number, timeLimitMs = DEFAULT_TIME_LIMIT_MS): fc.Parameters<unknown> {
	return { numRuns, plugins: [fc.interruptAfterTimeLimit(timeLimitMs)] };
}

/** Executed cases per target, printed once at the end of the file's run. */
export class CaseTally {
	readonly #counts = new Map<string, number>();

	count(target: string): void {
		this.#counts.set(target, (this.#counts.get(target) ?? 0) + 1);
	}

	of(target: string): number {
		return this.#counts.get(target) ?? 0;
	}

	report(title: string): void {
		const lines = [...this.#counts].map(([target, n]) => `  ${target}: ${n} cases`);
		console.log(`[fuzz] ${title}\n${lines.join('\n')}`);
	}
}

/**
 * The floor of executed cases each target must reach: a tenth of its run budget, at least 50.
 * Far below what a loaded 2-core machine manages, high enough that "ran almost nothing" fails.
 */
export const floorFor = (numRuns: number): number => Math.min(numRuns, Math.max(50, Math.floor(numRuns / 10)));
