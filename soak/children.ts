/** Starting and stopping the soak's processes: redis-server, and the forked TypeScript children. */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { ReadyMessage } from './processes/ipc.js';

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

function stopper(child: ChildProcess): () => Promise<void> {
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

/** Forks `soak/processes/<file>` under tsx and waits for its `ready` message. */
export function forkChild(name: string, file: string, settings: unknown, startTimeoutMs = 60_000): Promise<Child> {
	const path = fileURLToPath(new URL(`./processes/${file}`, import.meta.url));
	const child = fork(path, [JSON.stringify(settings)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`${name} did not start within ${startTimeoutMs} ms`));
		}, startTimeoutMs);
		child.once('exit', (code, signal) => {
			clearTimeout(timer);
			reject(new Error(`${name} exited before it was ready (code ${code}, signal ${signal})`));
		});
		child.on('message', (message: ReadyMessage) => {
			if (message?.type !== 'ready') return;
			clearTimeout(timer);
			child.removeAllListeners('exit');
			resolve({ name, process: child, port: message.port, stop: stopper(child) });
		});
	});
}

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
	const child = spawn('redis-server', ['--port', String(listenPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
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
