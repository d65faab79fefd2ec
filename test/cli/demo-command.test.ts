import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_DEMO_PORT } from '../../src/cli/demo-command.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
	for (const cleanup of cleanups.splice(0)) cleanup();
});

/** Holds the demo's default port (or finds it held already, which is as good). */
async function holdDefaultPort(): Promise<void> {
	const server: Server = createServer();
	await new Promise<void>((resolve, reject) => {
		server.once('error', (error: NodeJS.ErrnoException) => (error.code === 'EADDRINUSE' ? resolve() : reject(error)));
		server.listen(DEFAULT_DEMO_PORT, '127.0.0.1', () => {
			cleanups.push(() => server.close());
			resolve();
		});
	});
}

/** `cmcc-uaid demo` as a user starts it, in its own process; resolves with its first line. */
function firstLineOfDemo(): Promise<string> {
	const child = spawn(join(process.cwd(), 'node_modules', '.bin', 'tsx'), ['src/cli/main.ts', 'demo'], {
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	cleanups.push(() => child.kill());
	return new Promise((resolve, reject) => {
		let out = '';
		child.stdout.on('data', (chunk: Buffer) => {
			out += chunk.toString('utf8');
			if (out.includes('\n')) resolve(out.split('\n')[0]!);
		});
		child.on('exit', (code) => reject(new Error(`demo exited ${String(code)}: ${out}`)));
	});
}

describe('cmcc-uaid demo (issue 25)', () => {
	it('says which port it took when its default port was busy', async () => {
		await holdDefaultPort();
		const line = await firstLineOfDemo();
		const port = new URL(line.match(/http:\/\/\S+/)![0]).port;
		expect(port).not.toBe(String(DEFAULT_DEMO_PORT));
		expect(line).toContain(`port ${DEFAULT_DEMO_PORT} was busy: took ${port}`);
	}, 60_000);
});
