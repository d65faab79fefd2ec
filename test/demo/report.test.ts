/**
 * With the demo (`cmcc-uaid demo`, a real process), a getMobile the simulator is told to refuse
 * with 130018 shows in the demo's terminal: the client reports the outcome to the demo's backend,
 * whose kit logs it with the fix.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { createUaidClient, isUaidClientError } from '../../src/client/index.js';
import { resultFix } from '../../src/protocol/index.js';

// `npx` does not pass a signal's exit on: run the same tsx binary directly.
const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const children: ChildProcess[] = [];

afterEach(() => {
	for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** `cmcc-uaid demo --port 0`: its origin once it prints it, and a promise for the first stderr line that matches. */
function startDemoProcess(): { origin: Promise<string>; stderrLine(pattern: RegExp): Promise<string> } {
	const child = spawn(TSX, ['src/cli/main.ts', 'demo', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
	children.push(child);
	const stderrLines: string[] = [];
	const waiting: { pattern: RegExp; resolve: (line: string) => void }[] = [];
	createInterface({ input: child.stderr! }).on('line', (line) => {
		stderrLines.push(line);
		for (const wait of waiting.filter((w) => w.pattern.test(line))) wait.resolve(line);
	});
	const origin = new Promise<string>((resolve, reject) => {
		const lines = createInterface({ input: child.stdout! });
		lines.on('line', (line) => {
			const url = /(http:\/\/127\.0\.0\.1:\d+)\//.exec(line)?.[1];
			if (url) resolve(url);
		});
		child.on('exit', (code) => reject(new Error(`the demo exited ${code}: ${stderrLines.join('\n')}`)));
	});
	return {
		origin,
		stderrLine: (pattern) =>
			new Promise((resolve) => {
				const seen = stderrLines.find((line) => pattern.test(line));
				if (seen) resolve(seen);
				else waiting.push({ pattern, resolve });
			}),
	};
}

describe('the demo’s terminal', () => {
	it('shows a forced getMobile 130018 with the appkey’s fix, as the client reports it', async () => {
		const demo = startDemoProcess();
		const origin = await demo.origin;
		// The simulator's admin API, through the demo's own forwarding, as the demo page's controls use it.
		const forced = await fetch(`${origin}/__sim/faults`, {
			method: 'PUT',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ getMobile: { resultCode: '130018' } }),
		});
		expect(forced.status).toBe(200);
		const { tokenUrl } = (await (await fetch(`${origin}/demo/config.json`)).json()) as { tokenUrl: string };
		const client = createUaidClient({ signUrl: `${origin}/uaid/sign`, validateUrl: `${origin}/uaid/validate`, tokenUrl, retries: 0 });
		const error = await client.start().catch((e: unknown) => e);
		expect(isUaidClientError(error) && [error.stage, error.platformCode]).toEqual(['token', '130018']);
		const line = await demo.stderrLine(/getMobile answered 130018/);
		expect(line).toMatch(/^cmcc-uaid: getMobile answered 130018 \(app-config\) in a page, as it reported \(traceId /);
		expect(line).toContain(resultFix('getMobile', '130018')!.en);
	}, 60_000);
});
