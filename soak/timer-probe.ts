/**
 * `npx tsx soak/timer-probe.ts [seconds=120]`: how late a 1 ms timer fires in a Node process, per
 * 10 s, on whatever the machine is doing. On an idle machine it shows whether the machine itself
 * stalls (a virtual machine descheduled by its host would); beside a soak or a build it shows what
 * any process's wake-ups cost there. README § Reliability quotes it.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

const seconds = Number(process.argv[2] ?? 120);
if (!Number.isFinite(seconds) || seconds < 10) throw new Error(`seconds must be a number >= 10, got ${process.argv[2]}`);

const delay = monitorEventLoopDelay({ resolution: 1 });
delay.enable();
const worst: number[] = [];
const ms = (nanoseconds: number): string => (nanoseconds / 1e6).toFixed(1);
const timer = setInterval(() => {
	worst.push(delay.max);
	console.log(`${new Date().toISOString().slice(11, 19)} last 10 s: late by p99 ${ms(delay.percentile(99))} ms, max ${ms(delay.max)} ms`);
	delay.reset();
	if (worst.length * 10 < seconds) return;
	clearInterval(timer);
	console.log(
		`worst 10 s: ${ms(Math.max(...worst))} ms; 10 s windows with a timer over 20 ms late: ${worst.filter((max) => max > 20e6).length} of ${worst.length}`,
	);
}, 10_000);
