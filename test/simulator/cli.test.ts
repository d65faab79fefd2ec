import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { buildValidateRequest, signGetMobileRequest } from '../../src/protocol/index.js';
import { signRsa } from '../../src/protocol/node/index.js';
import { DEMO_PRIVATE_KEY } from '../../src/simulator/index.js';
import { DEMO_APP_ID, DEMO_APP_KEY } from '../../src/simulator/demo-app.js';
import { baseApp, post } from './support.js';

// `npx` does not pass a signal's exit on (npm exec dies of it): run the same tsx binary directly.
const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const children: ChildProcess[] = [];

afterEach(() => {
	for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

function run(args: string[]): { child: ChildProcess; firstLine: Promise<string>; exit: Promise<number | null>; stderr: () => string } {
	const child = spawn(TSX, ['src/cli/main.ts', 'simulator', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
	children.push(child);
	let stderr = '';
	child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
	const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
	const firstLine = new Promise<string>((resolve, reject) => {
		const lines = createInterface({ input: child.stdout! });
		lines.once('line', resolve);
		child.on('exit', (code) => reject(new Error(`exited ${code} before printing: ${stderr}`)));
	});
	// Tests that expect a failed start never read the line: keep its rejection from going unhandled.
	firstLine.catch(() => undefined);
	return { child, firstLine, exit, stderr: () => stderr };
}

const LINE = /^cmcc-uaid simulator listening on (http:\/\/127\.0\.0\.1:\d+)$/;

describe('cmcc-uaid simulator', () => {
	it('prints one line with its URL, serves the demo app end to end, and exits 0 on SIGTERM', async () => {
		const { child, firstLine, exit } = run(['--port', '0']);
		const url = LINE.exec(await firstLine)?.[1];
		expect(url).toBeDefined();
		const token = (await post(`${url}/h5/getMobile`, signGetMobileRequest({ appId: DEMO_APP_ID, appKey: DEMO_APP_KEY }))).json.body
			.token as string;
		const validation = await post(
			`${url}/NumberAbility/h5/imeiTokenValidate.htm`,
			await buildValidateRequest({ appId: DEMO_APP_ID, token, sign: (c) => signRsa(c, DEMO_PRIVATE_KEY) }),
		);
		expect(validation.json.body.resultCode).toBe('000000');
		child.kill('SIGTERM');
		expect(await exit).toBe(0);
	}, 30_000);

	it('keeps UAIDs across restarts with --uaid-secret, and draws a new secret at each start without it', async () => {
		const uaidOnce = async (args: string[]): Promise<string> => {
			const { child, firstLine, exit } = run(['--port', '0', ...args]);
			const url = LINE.exec(await firstLine)![1]!;
			const token = (await post(`${url}/h5/getMobile`, signGetMobileRequest({ appId: DEMO_APP_ID, appKey: DEMO_APP_KEY }))).json.body
				.token as string;
			const validation = await post(
				`${url}/NumberAbility/h5/imeiTokenValidate.htm`,
				await buildValidateRequest({ appId: DEMO_APP_ID, token, sign: (c) => signRsa(c, DEMO_PRIVATE_KEY) }),
			);
			child.kill('SIGTERM');
			await exit;
			return validation.json.body.UAID as string;
		};
		const kept = [await uaidOnce(['--uaid-secret', 'dev-secret']), await uaidOnce(['--uaid-secret', 'dev-secret'])];
		expect(kept[0]).toMatch(/^[0-9a-f]{16,}$/i);
		expect(kept[1]).toBe(kept[0]);
		expect(await uaidOnce([])).not.toBe(await uaidOnce([]));
		const empty = run(['--port', '0', '--uaid-secret', '']);
		expect(await empty.exit).toBe(2);
		expect(empty.stderr()).toContain('--uaid-secret needs a value');
	}, 60_000);

	it('exits 0 on SIGINT too', async () => {
		const { child, firstLine, exit } = run(['--port', '0', '--host', '127.0.0.1']);
		expect(await firstLine).toMatch(LINE);
		child.kill('SIGINT');
		expect(await exit).toBe(0);
	}, 30_000);

	it('serves the apps of a --config file', async () => {
		const dir = await mkdtemp(join(tmpdir(), 'cmcc-sim-'));
		try {
			const file = join(dir, 'config.json');
			await writeFile(file, JSON.stringify({ apps: [baseApp({ appId: '300000000009', rights: false })] }));
			const { child, firstLine, exit } = run(['--config', file, '--port', '0']);
			const url = LINE.exec(await firstLine)?.[1];
			const answer = await post(`${url}/h5/getMobile`, signGetMobileRequest({ appId: '300000000009', appKey: 'test-appkey' }));
			expect(answer.json.body.resultCode).toBe('110023');
			child.kill('SIGTERM');
			expect(await exit).toBe(0);
		} finally {
			await rm(dir, { recursive: true, force: true });
		}
	}, 30_000);

	it('refuses a bad config file with exit 2 and the field in the message', async () => {
		const dir = await mkdtemp(join(tmpdir(), 'cmcc-sim-'));
		try {
			const file = join(dir, 'config.json');
			await writeFile(file, JSON.stringify({ apps: [{ appId: '1' }] }));
			const { exit, stderr } = run(['--config', file, '--port', '0']);
			expect(await exit).toBe(2);
			expect(stderr()).toContain('apps[0].appKey');
		} finally {
			await rm(dir, { recursive: true, force: true });
		}
	}, 30_000);

	it('refuses a bad port with exit 2', async () => {
		const { exit, stderr } = run(['--port', 'eighty']);
		expect(await exit).toBe(2);
		expect(stderr()).toContain('--port');
	}, 30_000);
});
