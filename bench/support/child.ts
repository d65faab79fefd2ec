import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** What a bench server process reports about itself. */
export interface MemoryReport {
	rss: number;
	heapUsed: number;
	/** CPU time the process has used so far (user + system), µs: divided by requests, a cost that load on the machine does not distort. */
	cpuMicros: number;
	/** Entries in the backend's replay/rate-limit store, where the process has one. */
	storeSize?: number;
}

export interface BenchChild {
	readonly url: string;
	readonly pid: number;
	/** Asks the process for its memory and CPU time (after a forced GC when `gc` is true). */
	memory(gc?: boolean): Promise<MemoryReport>;
	close(): Promise<void>;
}

type ChildMessage = { type: 'ready'; url: string } | ({ type: 'memory' } & MemoryReport);

/**
 * Starts one bench server (a `bench/backend/*-server.ts` module) in its own Node process, so its
 * CPU and RSS are its own, and waits for it to listen. TypeScript runs through tsx's loader;
 * `execArgv` adds Node flags after it (another `--import`).
 */
export async function startChild(
	module: string,
	options: Record<string, unknown> = {},
	execArgv: readonly string[] = [],
): Promise<BenchChild> {
	const path = fileURLToPath(new URL(`../${module}`, import.meta.url));
	// BENCH_PROFILE_DIR=dir writes a V8 CPU profile of every bench server, for finding where time goes.
	const profile = process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];
	const child: ChildProcess = fork(path, [JSON.stringify(options)], {
		execArgv: ['--import', 'tsx', '--expose-gc', ...profile, ...execArgv],
		stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
	});
	const url = await new Promise<string>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`${module} did not start within 30 s`)), 30_000);
		child.once('error', reject);
		child.once('exit', (code) => reject(new Error(`${module} exited with ${code} before listening`)));
		child.on('message', (message: ChildMessage) => {
			if (message.type !== 'ready') return;
			clearTimeout(timer);
			resolve(message.url);
		});
	});
	child.removeAllListeners('exit');
	return {
		url,
		pid: child.pid as number,
		memory: (gc = false) =>
			new Promise<MemoryReport>((resolve) => {
				const onMessage = (message: ChildMessage) => {
					if (message.type !== 'memory') return;
					child.off('message', onMessage);
					resolve({
						rss: message.rss,
						heapUsed: message.heapUsed,
						cpuMicros: message.cpuMicros,
						...(message.storeSize !== undefined ? { storeSize: message.storeSize } : {}),
					});
				};
				child.on('message', onMessage);
				child.send({ type: 'memory', gc });
			}),
		close: () =>
			new Promise<void>((resolve) => {
				if (child.exitCode !== null) return resolve();
				child.once('exit', () => resolve());
				child.kill('SIGTERM');
			}),
	};
}

/**
 * The child side: reports readiness and answers memory questions. `storeSize` reads the
 * process's store, where it has one.
 */
export function serveChild(url: string, storeSize?: () => number): void {
	process.on('message', (message: { type: string; gc?: boolean }) => {
		if (message.type !== 'memory') return;
		if (message.gc) (globalThis as { gc?: () => void }).gc?.();
		const { rss, heapUsed } = process.memoryUsage();
		const cpu = process.cpuUsage();
		process.send?.({ type: 'memory', rss, heapUsed, cpuMicros: cpu.user + cpu.system, ...(storeSize ? { storeSize: storeSize() } : {}) });
	});
	// The parent going away ends the child: a bench never leaves a server behind.
	process.on('disconnect', () => process.exit(0));
	process.on('SIGTERM', () => process.exit(0));
	process.send?.({ type: 'ready', url });
}

/** The options the parent passed to {@link startChild}. */
export function childOptions<T>(): Partial<T> {
	const raw = process.argv[2];
	return raw ? (JSON.parse(raw) as Partial<T>) : {};
}
