/** Forking the soak's own processes (soak/processes/*) under tsx. */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { stopper, type Child } from '../tools/children.js';
import type { ReadyMessage } from './processes/ipc.js';

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
