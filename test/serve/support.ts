/** The real `cmcc-uaid serve` process (the built dist/cli/main.js) in front of the simulator, on loopback. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { RunningSimulator } from '../../src/simulator/index.js';
import { APP_ID, APP_KEY, KEYS, PAGE_ORIGIN, postJson, signAndGetToken } from '../server/support.js';

export const CLI = join(process.cwd(), 'dist', 'cli', 'main.js');
if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first (the serve tests run the built CLI).`);

export { APP_KEY };

const running: ChildProcess[] = [];

/** Kills what a failed test left running; a test that passes has stopped its process itself. */
export function killLeftovers(): void {
	for (const child of running.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

/** A config directory: the kit's RSA key beside the config, the appkey in the environment. */
export async function configDir(): Promise<string> {
	const dir = await mkdtemp(join(tmpdir(), 'cmcc-uaid-serve-'));
	await writeFile(join(dir, 'uaid-private.key'), `${KEYS.privateKey}\n`, { mode: 0o600 });
	return dir;
}

/** A config that works against `validateUrl`, with `changes` merged at the top level. */
export function serveConfig(validateUrl: string, changes: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		$schema: '../schema/serve-config.schema.json',
		listen: { host: '127.0.0.1', port: 0 },
		kit: {
			appId: APP_ID,
			appKey: { env: 'TEST_UAID_APP_KEY' },
			privateKey: { file: 'uaid-private.key' },
			validateUrl,
			allowedOrigins: [PAGE_ORIGIN],
		},
		session: {
			issuer: 'https://m.example.test/uaid',
			audience: 'shop-backend',
			ttlSeconds: 600,
			signingKey: { file: 'session-key.pem', generate: true },
		},
		...changes,
	};
}

export interface ServeProcess {
	readonly child: ChildProcess;
	/** Every stdout line parsed as JSON (pino's lines). */
	readonly lines: Record<string, unknown>[];
	readonly exit: Promise<number | null>;
	stderr(): string;
	/** Resolves with the first line (seen or to come) that `match` accepts; rejects if the process exits first. */
	line(match: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
}

/** Writes the config to `dir`/serve.json and starts `node dist/cli/main.js serve --config` on it. */
export async function spawnServe(
	dir: string,
	config: unknown,
	env: Record<string, string> = { TEST_UAID_APP_KEY: APP_KEY },
	nodeArgs: string[] = [],
): Promise<ServeProcess> {
	const path = join(dir, 'serve.json');
	await writeFile(path, typeof config === 'string' ? config : JSON.stringify(config, null, 2));
	const cleanEnv = Object.fromEntries(
		Object.entries(process.env).filter(([name]) => !name.startsWith('OTEL_') && name !== 'TEST_UAID_APP_KEY'),
	);
	const child = spawn(process.execPath, [...nodeArgs, CLI, 'serve', '--config', path], {
		stdio: ['ignore', 'pipe', 'pipe'],
		env: { ...cleanEnv, ...env },
	});
	running.push(child);
	let stderr = '';
	child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
	const lines: Record<string, unknown>[] = [];
	const waiters: { match: (line: Record<string, unknown>) => boolean; resolve: (line: Record<string, unknown>) => void }[] = [];
	createInterface({ input: child.stdout! }).on('line', (text) => {
		const line = JSON.parse(text) as Record<string, unknown>;
		lines.push(line);
		for (const waiter of waiters.filter((w) => w.match(line))) {
			waiters.splice(waiters.indexOf(waiter), 1);
			waiter.resolve(line);
		}
	});
	const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
	return {
		child,
		lines,
		exit,
		stderr: () => stderr,
		line(match) {
			const seen = lines.find(match);
			if (seen) return Promise.resolve(seen);
			return new Promise((resolve, reject) => {
				waiters.push({ match, resolve });
				void exit.then((code) => reject(new Error(`serve exited ${code} first: ${stderr}`)));
			});
		},
	};
}

/** Starts serve and resolves with its URL once it logged `listening`. */
export async function startServe(
	dir: string,
	config: unknown,
	env?: Record<string, string>,
	nodeArgs?: string[],
): Promise<ServeProcess & { url: string }> {
	const process = await spawnServe(dir, config, env, nodeArgs);
	const listening = await process.line((line) => line.msg === 'listening');
	return Object.assign(process, { url: listening.url as string });
}

/** What a page does, sign → getMobile → validate, through serve; resolves with the validate answer and its session cookie's JWT. */
export async function signInFlow(
	serveUrl: string,
	simulator: RunningSimulator,
	origin = PAGE_ORIGIN,
): Promise<{ status: number; json: any; setCookie: string; jwt: string; traceId: string }> {
	const { signed, token } = await signAndGetToken(serveUrl, simulator, origin);
	const answer = await postJson(`${serveUrl}/uaid/validate`, { token, traceId: signed.traceId }, { origin });
	const setCookie = answer.headers.get('set-cookie') ?? '';
	const jwt = /^uaid_session=([^;]+)/.exec(setCookie)?.[1] ?? '';
	return { status: answer.status, json: answer.json, setCookie, jwt, traceId: signed.traceId };
}
