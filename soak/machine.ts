/**
 * What the soak's processes and the rest of the machine use, read from /proc (Linux): CPU time of
 * each process, the busy time of all cores, so that "the soak was slow" can be told apart from
 * "something else had the cores".
 */
import { readFileSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** User + system CPU time of a process so far, in ms, or undefined once it is gone. */
export function cpuMsOf(pid: number | undefined): number | undefined {
	if (pid === undefined) return undefined;
	try {
		// The command name (field 2) may contain spaces; the fields after its closing parenthesis do not.
		const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
		return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
	} catch {
		return undefined;
	}
}

/** CPU time of all cores so far, in ms: `busy` (not idle, not waiting for I/O) and `total`. */
export function machineCpuMs(): { busy: number; total: number } {
	const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/);
	const ticks = fields.map(Number);
	const total = ticks.reduce((sum, t) => sum + t, 0);
	return { busy: (total - ticks[3]! - ticks[4]!) * TICK_MS, total: total * TICK_MS };
}
