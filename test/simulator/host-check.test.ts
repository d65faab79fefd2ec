/**
 * The simulator's Host rule (issue 30): a DNS-rebound page reads same-origin, Origin-less GETs such
 * as `/__sim/config` and `/__sim/log`, but its requests carry its own hostname in `Host`. The rule
 * is the demo server's (421 host-not-allowed), for `startSimulator`, `cmcc-uaid simulator` and the
 * simulator the demo starts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { startDemo, type RunningDemo } from '../../src/demo/demo-server.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';

const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A GET with exactly this Host (fetch would set its own). */
function getWithHost(url: string, host: string): Promise<{ status: number; text: string }> {
	return new Promise((resolve, reject) => {
		const request = httpRequest(url, { headers: { host } }, (response) => {
			const chunks: Buffer[] = [];
			response.on('data', (chunk: Buffer) => chunks.push(chunk));
			response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
		});
		request.on('error', reject);
		request.end();
	});
}

async function expectHostRule(url: string, extraAllowed: string[] = []): Promise<void> {
	const port = new URL(url).port;
	for (const host of [
		'attacker.example',
		`attacker.example:${port}`,
		`127.0.0.1.attacker.example:${port}`,
		`localhost:${Number(port) + 1}`,
		`user@127.0.0.1:${port}`,
	]) {
		for (const path of ['/__sim/config', '/__sim/log', '/__sim/health']) {
			const answer = await getWithHost(`${url}${path}`, host);
			expect(answer.status, `${host} ${path}`).toBe(421);
			expect(JSON.parse(answer.text).error.code).toBe('host-not-allowed');
		}
	}
	for (const host of [
		`127.0.0.1:${port}`,
		`localhost:${port}`,
		`10.1.2.3:${port}`,
		'verify.cmpassport.com',
		'msg.cmpassport.com:443',
		...extraAllowed,
	]) {
		expect((await getWithHost(`${url}/__sim/health`, host)).status, host).toBe(200);
	}
}

describe('the simulator answers only to its own Host names', () => {
	it('startSimulator: loopback, IP addresses and the production platform hosts pass; other names get 421, allowedHosts adds some', async () => {
		const sim: RunningSimulator = await startSimulator({ allowedHosts: ['simulator'] });
		cleanups.push(() => sim.close());
		await expectHostRule(sim.url, [`simulator:${sim.port}`]);
		await expect(startSimulator({ allowedHosts: 'simulator' as never })).rejects.toMatchObject({ code: 'invalid-option' });
	});

	it('cmcc-uaid simulator, with --allowed-hosts', async () => {
		const child: ChildProcess = spawn(TSX, ['src/cli/main.ts', 'simulator', '--port', '0', '--allowed-hosts', 'simulator,sim.internal'], {
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		cleanups.push(() => void child.kill('SIGKILL'));
		const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
		const url = /listening on (\S+)$/.exec(line)![1]!;
		await expectHostRule(url, [`sim.internal:${new URL(url).port}`]);
	}, 30_000);

	it('the simulator the demo starts', async () => {
		const demo: RunningDemo = await startDemo({ port: 0 });
		cleanups.push(() => demo.close());
		await expectHostRule(demo.simulator.url);
	});
});
