/**
 * The examples a site's backend copies to read the session: examples/serve/node-verify.mjs (jose)
 * and examples/serve/java/UaidSession.java (the JDK alone, compiled here with javac). Each verifies
 * a cookie the real `cmcc-uaid serve` set after a real flow against the simulator, fetching the
 * key from the service's JWKS, and refuses a forged one.
 */
import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/index.js';
import { startTestSimulator } from '../server/support.js';
import { configDir, killLeftovers, serveConfig, signInFlow, startServe, type ServeProcess } from './support.js';

const run = promisify(execFile);
const ISSUER = 'https://m.example.test/uaid';
const AUDIENCE = 'shop-backend';

let simulator: RunningSimulator;
let serve: ServeProcess & { url: string };
let cookie: string;
let expected: { uaid: string; traceId: string; expiresAt: number };

beforeAll(async () => {
	simulator = await startTestSimulator();
	serve = await startServe(await configDir(), serveConfig(simulator.validateUrl));
	const flow = await signInFlow(serve.url, simulator);
	cookie = `theme=dark; uaid_session=${flow.jwt}; lang=zh-CN`;
	const claims = JSON.parse(Buffer.from(flow.jwt.split('.')[1]!, 'base64url').toString()) as { sub: string; jti: string; exp: number };
	expected = { uaid: claims.sub, traceId: claims.jti, expiresAt: claims.exp };
}, 30_000);

afterAll(async () => {
	serve?.child.kill('SIGTERM');
	await serve?.exit;
	killLeftovers();
	await simulator?.close();
});

/** The cookie with one character of the payload changed: the signature no longer fits. */
const forged = (): string =>
	cookie.replace(/(uaid_session=[^.]+\.)(.)/, (_, head: string, first: string) => head + (first === 'e' ? 'f' : 'e'));

/** Runs a verifier; resolves with its exit code and output. */
async function verify(
	command: string,
	args: string[],
	cookieHeader: string,
	audience = AUDIENCE,
): Promise<{ code: number; stdout: string; stderr: string }> {
	try {
		const { stdout, stderr } = await run(command, [...args, `${serve.url}/.well-known/jwks.json`, ISSUER, audience, cookieHeader]);
		return { code: 0, stdout, stderr };
	} catch (error) {
		const failed = error as { code: number; stdout: string; stderr: string };
		return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
	}
}

describe('examples/serve/node-verify.mjs (jose)', () => {
	const node = (cookieHeader: string, audience?: string) =>
		verify(process.execPath, ['examples/serve/node-verify.mjs'], cookieHeader, audience);

	it('reads the UAID from the cookie serve set', async () => {
		const { code, stdout } = await node(cookie);
		expect(code).toBe(0);
		expect(JSON.parse(stdout)).toMatchObject(expected);
	});

	it('refuses a forged cookie and a cookie for another audience', async () => {
		expect((await node(forged())).code).toBe(1);
		expect((await node(cookie, 'another-backend')).code).toBe(1);
	});
});

describe('examples/serve/java/UaidSession.java (JDK 17, no library)', () => {
	let classes: string;
	beforeAll(async () => {
		classes = await mkdtemp(join(tmpdir(), 'uaid-java-'));
		try {
			await run('javac', ['-Xlint:all', '-Werror', '-d', classes, 'examples/serve/java/UaidSession.java']);
		} catch (error) {
			throw new Error(
				`javac failed (a JDK 17+ is needed: apt-get install default-jdk-headless): ${(error as { stderr?: string }).stderr ?? String(error)}`,
			);
		}
	}, 60_000);
	const java = (cookieHeader: string, audience?: string) => verify('java', ['-cp', classes, 'UaidSession'], cookieHeader, audience);

	it('reads the UAID from the cookie serve set: the ES256 signature checked against the JWKS', async () => {
		const { code, stdout, stderr } = await java(cookie);
		expect(stderr).toBe('');
		expect(code).toBe(0);
		expect(JSON.parse(stdout)).toEqual({ ...expected, carrier: null });
	}, 30_000);

	it('refuses a forged cookie and a cookie for another audience', async () => {
		const tampered = await java(forged());
		expect([tampered.code, tampered.stderr.trim()]).toEqual([1, 'not a valid session: bad signature']);
		const elsewhere = await java(cookie, 'another-backend');
		expect([elsewhere.code, elsewhere.stderr.trim()]).toEqual([1, 'not a valid session: wrong audience']);
	}, 30_000);
});
