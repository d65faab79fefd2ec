/** Child processes the tools and tests start and stop: a free loopback port, redis-server, a process's memory. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

export interface Child {
	readonly name: string;
	readonly process: ChildProcess;
	readonly port: number;
	stop(): Promise<void>;
}

/** Resident set size of a process in bytes, from /proc (Linux), or undefined where it cannot be read. */
export function rssOf(pid: number | undefined): number | undefined {
	if (pid === undefined) return undefined;
	try {
		const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
		return match ? Number(match[1]) * 1024 : undefined;
	} catch {
		return undefined;
	}
}

/** Stops a child: SIGTERM, then SIGKILL after 5 s. */
export function stopper(child: ChildProcess): () => Promise<void> {
	return () =>
		new Promise<void>((resolve) => {
			if (child.exitCode !== null || child.signalCode !== null) return resolve();
			const kill = setTimeout(() => child.kill('SIGKILL'), 5_000);
			child.once('exit', () => {
				clearTimeout(kill);
				resolve();
			});
			child.kill('SIGTERM');
		});
}

/** A loopback port nobody listens on at the moment of asking. */
export async function freePort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return port;
}

/** A throwaway redis-server on a free loopback port, nothing saved to disk. */
export async function startRedis(port?: number): Promise<Child> {
	const listenPort = port ?? (await freePort());
	const child = spawn('redis-server', ['--port', String(listenPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let output = '';
	await new Promise<void>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`redis-server did not start: ${output}`)), 30_000);
		child.once('error', (error) => {
			clearTimeout(timer);
			reject(new Error(`redis-server could not be started (is it installed? apt-get install redis-server): ${error.message}`));
		});
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`redis-server exited with ${code}: ${output}`));
		});
		child.stdout?.on('data', (chunk: Buffer) => {
			output += chunk.toString();
			if (output.includes('Ready to accept connections')) {
				clearTimeout(timer);
				resolve();
			}
		});
	});
	child.removeAllListeners('exit');
	child.stdout?.resume();
	child.stderr?.resume();
	// redis-server does not notice its parent going away: end it with this process, however that ends (bar SIGKILL).
	const killOnExit = (): void => void child.kill('SIGKILL');
	process.once('exit', killOnExit);
	child.once('exit', () => process.off('exit', killOnExit));
	return { name: 'redis-server', process: child, port: listenPort, stop: stopper(child) };
}
