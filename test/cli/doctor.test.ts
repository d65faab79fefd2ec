import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import { generateRsaKeyPair, privateKeyToPem } from '../../src/protocol/node/index.js';
import { DEMO_PRIVATE_KEY, startSimulator, type RunningSimulator, type SimulatorAppConfig } from '../../src/simulator/index.js';
import { DEMO_APP_ID, DEMO_APP_KEY, DEMO_PUBLIC_KEY } from '../../src/simulator/demo-app.js';

// The simulator plays the platform through --platform-url; each misconfiguration is set up there.
const OTHER_KEYS = generateRsaKeyPair({ bits: 1024 });
let dir: string;
let privateKeyFile: string;
let publicKeyFile: string;
let otherPublicKeyFile: string;
const open: RunningSimulator[] = [];

beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'uaid-doctor-'));
	privateKeyFile = join(dir, 'uaid-private-key.txt');
	publicKeyFile = join(dir, 'public.txt');
	otherPublicKeyFile = join(dir, 'other-public.txt');
	writeFileSync(privateKeyFile, DEMO_PRIVATE_KEY + '\n');
	writeFileSync(publicKeyFile, DEMO_PUBLIC_KEY + '\n');
	writeFileSync(otherPublicKeyFile, OTHER_KEYS.publicKey);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(async () => {
	await Promise.all(open.splice(0).map((sim) => sim.close()));
});

async function platform(app: Partial<SimulatorAppConfig> = {}, options: { now?: () => number } = {}): Promise<RunningSimulator> {
	const sim = await startSimulator({ config: { apps: [{ appId: DEMO_APP_ID, appKey: DEMO_APP_KEY, publicKey: DEMO_PUBLIC_KEY, ...app }] }, ...options });
	open.push(sim);
	return sim;
}

/** Runs `cmcc-uaid doctor …` in-process, capturing what it prints. */
async function doctor(args: string[]): Promise<{ code: number | void; stdout: string }> {
	let stdout = '';
	const write = process.stdout.write;
	process.stdout.write = ((chunk: string) => {
		stdout += chunk;
		return true;
	}) as typeof process.stdout.write;
	try {
		return { code: await runCli(['doctor', ...args]), stdout };
	} finally {
		process.stdout.write = write;
	}
}

interface JsonCheck {
	check: string;
	status: string;
	message: string;
	text: string;
	params: Record<string, string | number>;
}

async function doctorJson(args: string[]): Promise<{ code: number | void; ok: boolean; checks: JsonCheck[]; publicKey?: string; stdout: string }> {
	const { code, stdout } = await doctor([...args, '--json', '--lang', 'en']);
	return { code, stdout, ...JSON.parse(stdout) };
}

const base = (sim: RunningSimulator, ...more: string[]) => ['--app-id', DEMO_APP_ID, '--private-key', privateKeyFile, '--platform-url', sim.url, ...more];
const check = (checks: JsonCheck[], name: string) => checks.find((c) => c.check === name);

describe('cmcc-uaid doctor against a correctly configured platform', () => {
	it('passes every check, exits 0 and prints the public key as it is pasted into the platform', async () => {
		const sim = await platform({ serverIps: ['127.0.0.1'] });
		process.env.DOCTOR_TEST_APP_KEY = DEMO_APP_KEY;
		const { code, stdout } = await doctor([...base(sim, '--public-key', publicKeyFile, '--app-key-env', 'DOCTOR_TEST_APP_KEY'), '--lang', 'en']);
		expect(code).toBe(0);
		expect(stdout).toContain('matches the private key');
		expect(stdout).toContain('answered 120009');
		expect(stdout).toContain(`exactly as it is pasted into the open platform (RSA 公钥):\n${DEMO_PUBLIC_KEY}\n`);
		expect(stdout).toContain('Every check passed.');
		expect(stdout).not.toContain(DEMO_PRIVATE_KEY);
		expect(stdout).not.toContain(DEMO_APP_KEY);
		// One call with a token the platform never issued: nothing real is used up.
		expect(sim.log().map((e) => [e.endpoint, e.resultCode])).toEqual([['imeiTokenValidate', '120009']]);
	});

	it('says the same in --json, for scripts, with every check passed', async () => {
		const sim = await platform();
		const report = await doctorJson(base(sim, '--public-key', publicKeyFile));
		expect(report.code).toBe(0);
		expect(report.ok).toBe(true);
		expect(report.checks.map((c) => [c.check, c.status])).toEqual([
			['private-key', 'pass'],
			['public-key', 'pass'],
			['platform', 'pass'],
			['clock', 'pass'],
		]);
		expect(report.publicKey).toBe(DEMO_PUBLIC_KEY);
		expect(report.stdout).not.toContain(DEMO_PRIVATE_KEY);
	});

	it('reads a PEM private key as well', async () => {
		const sim = await platform();
		const pem = join(dir, 'key.pem');
		writeFileSync(pem, privateKeyToPem(DEMO_PRIVATE_KEY));
		const report = await doctorJson(['--app-id', DEMO_APP_ID, '--private-key', pem, '--platform-url', sim.url]);
		expect(check(report.checks, 'private-key')).toMatchObject({ status: 'pass', params: { format: 'PEM', bits: 2048 } });
		expect(report.ok).toBe(true);
	});

	it('is readable in Chinese', async () => {
		const sim = await platform();
		const { code, stdout } = await doctor([...base(sim), '--lang', 'zh-CN']);
		expect(code).toBe(0);
		expect(stdout).toContain('[通过] 私钥');
		expect(stdout).toContain('对伪造 token 返回 120009');
		expect(stdout).toContain('全部检查通过。');
	});
});

describe('cmcc-uaid doctor names each misconfiguration', () => {
	it('110004: the server IP is not whitelisted', async () => {
		const sim = await platform({ serverIps: ['203.0.113.7'] });
		const report = await doctorJson(base(sim));
		expect(report.code).toBe(1);
		expect(check(report.checks, 'platform')).toMatchObject({ status: 'fail', message: 'platform.ip', params: { code: '110004' } });
		expect(check(report.checks, 'platform')!.text).toContain('平台访问 IP');
	});

	it('130018: the registered public key is not this private key’s, with either algorithm', async () => {
		const sim = await platform({ publicKey: OTHER_KEYS.publicKey });
		const report = await doctorJson(base(sim));
		expect(check(report.checks, 'platform')).toMatchObject({ status: 'fail', message: 'platform.sign', params: { code: '130018' } });
		expect(sim.log().map((e) => e.resultCode)).toEqual(['130018', '130018']);
	});

	it('130018 with md5 but accepted with sha256: names the algorithm to set', async () => {
		const sim = await platform({ signatureAlgorithm: 'sha256' });
		const report = await doctorJson(base(sim));
		expect(check(report.checks, 'platform')).toMatchObject({ status: 'fail', message: 'platform.otherAlgorithm', params: { algorithm: 'md5', other: 'sha256' } });
		expect(check(report.checks, 'platform')!.text).toContain("signatureAlgorithm: 'sha256'");
		expect((await doctorJson(base(sim, '--algorithm', 'sha256'))).ok).toBe(true);
	});

	it('--public-key that does not match the private key fails offline', async () => {
		const sim = await platform();
		const report = await doctorJson(base(sim, '--public-key', otherPublicKeyFile));
		expect(check(report.checks, 'public-key')).toMatchObject({ status: 'fail', message: 'publicKey.mismatch' });
		expect(report.code).toBe(1);
	});

	it('110022: an appId the platform does not know', async () => {
		const sim = await platform();
		const report = await doctorJson(['--app-id', '300000000001', '--private-key', privateKeyFile, '--platform-url', sim.url]);
		expect(check(report.checks, 'platform')).toMatchObject({ status: 'fail', message: 'platform.appId', params: { code: '110022' } });
	});

	it('110023: an appId without rights', async () => {
		const sim = await platform({ rights: false });
		expect(check((await doctorJson(base(sim))).checks, 'platform')).toMatchObject({ status: 'fail', message: 'platform.rights', params: { code: '110023' } });
	});

	it('a clock ten minutes off the platform’s', async () => {
		const sim = await platform({}, { now: () => Date.now() - 10 * 60_000 });
		const report = await doctorJson(base(sim));
		expect(check(report.checks, 'platform')!.status).toBe('pass');
		expect(check(report.checks, 'clock')).toMatchObject({ status: 'fail', message: 'clock.ahead' });
		expect(Number(check(report.checks, 'clock')!.params.seconds)).toBeGreaterThanOrEqual(590);
		expect(report.code).toBe(1);
	});

	it('a flat answer without a timestamp: the clock is not compared, the rest passes', async () => {
		const sim = await platform();
		sim.setAnswers({ shape: 'flat' });
		const report = await doctorJson(base(sim));
		expect(check(report.checks, 'clock')).toMatchObject({ status: 'skip', message: 'clock.noTimestamp' });
		expect(report.ok).toBe(true);
	});

	it('HTTP 502 from a gateway in between', async () => {
		const sim = await platform();
		sim.setFaults({ imeiTokenValidate: { httpStatus: 502 } });
		expect(check((await doctorJson(base(sim))).checks, 'platform')).toMatchObject({ status: 'fail', message: 'net.http', params: { status: 502 } });
	});

	it('an answer that is not the platform’s JSON', async () => {
		const sim = await platform();
		sim.setFaults({ imeiTokenValidate: { garbled: true } });
		expect(check((await doctorJson(base(sim))).checks, 'platform')).toMatchObject({ status: 'fail', message: 'net.garbled' });
	});

	it('no answer in time: what a dropping firewall looks like', async () => {
		const sim = await platform();
		sim.setFaults({ imeiTokenValidate: { latencyMs: 5000 } });
		const report = await doctorJson([...base(sim), '--timeout-ms', '300']);
		expect(check(report.checks, 'platform')).toMatchObject({ status: 'fail', message: 'net.timeout' });
		expect(check(report.checks, 'platform')!.text).toContain('firewall');
	});

	it('a refused connection', async () => {
		const server = createServer();
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const port = (server.address() as { port: number }).port;
		await new Promise((resolve) => server.close(resolve));
		const report = await doctorJson(['--app-id', DEMO_APP_ID, '--private-key', privateKeyFile, '--platform-url', `http://127.0.0.1:${port}`]);
		expect(check(report.checks, 'platform')).toMatchObject({ status: 'fail', message: 'net.refused' });
	});

	it('TLS that fails: https to a port that speaks plain HTTP', async () => {
		const sim = await platform();
		const report = await doctorJson(['--app-id', DEMO_APP_ID, '--private-key', privateKeyFile, '--platform-url', sim.url.replace('http:', 'https:')]);
		expect(check(report.checks, 'platform')).toMatchObject({ status: 'fail', message: 'net.tls' });
	});

	it('a host that does not resolve', async () => {
		const report = await doctorJson(['--app-id', DEMO_APP_ID, '--private-key', privateKeyFile, '--platform-url', 'http://platform.invalid', '--timeout-ms', '5000']);
		expect(check(report.checks, 'platform')).toMatchObject({ status: 'fail', message: 'net.dns' });
	});

	it('an unreadable private key: fails, and the platform is not contacted', async () => {
		const sim = await platform();
		const bad = join(dir, 'bad.txt');
		writeFileSync(bad, 'not a key');
		const report = await doctorJson(['--app-id', DEMO_APP_ID, '--private-key', bad, '--platform-url', sim.url]);
		expect(report.checks.map((c) => [c.check, c.status])).toEqual([
			['private-key', 'fail'],
			['platform', 'skip'],
		]);
		expect(sim.log()).toEqual([]);
	});

	it.each([
		['unset', undefined, 'appKey.unset'],
		['blank', '   ', 'appKey.empty'],
		['padded', ` ${DEMO_APP_KEY}\n`, 'appKey.whitespace'],
		['quoted', `"${DEMO_APP_KEY}"`, 'appKey.quoted'],
	])('an appkey variable that is %s fails, without printing it', async (_name, value, message) => {
		const sim = await platform();
		if (value === undefined) delete process.env.DOCTOR_TEST_APP_KEY;
		else process.env.DOCTOR_TEST_APP_KEY = value;
		const report = await doctorJson(base(sim, '--app-key-env', 'DOCTOR_TEST_APP_KEY'));
		expect(check(report.checks, 'app-key')).toMatchObject({ status: 'fail', message });
		expect(report.stdout).not.toContain(DEMO_APP_KEY);
		delete process.env.DOCTOR_TEST_APP_KEY;
	});

	it('refuses missing or bad flags with usage (exit 2)', async () => {
		await expect(runCli(['doctor', '--private-key', privateKeyFile])).rejects.toThrow(/--app-id is required/);
		await expect(runCli(['doctor', '--app-id', DEMO_APP_ID])).rejects.toThrow(/--private-key is required/);
		await expect(runCli(['doctor', '--app-id', DEMO_APP_ID, '--private-key', privateKeyFile, '--algorithm', 'sha1'])).rejects.toThrow(/--algorithm/);
		await expect(runCli(['doctor', '--app-id', DEMO_APP_ID, '--private-key', privateKeyFile, '--app-key-env', DEMO_APP_KEY])).rejects.toThrow(/name of an environment variable/);
	});
});

describe('the doctor as a process', () => {
	it('exits 1 when a check fails, 0 when all pass', async () => {
		const sim = await platform({ serverIps: ['203.0.113.7'] });
		const exit = (args: string[]) =>
			new Promise<number | null>((resolve) => {
				const child = spawn(join(process.cwd(), 'node_modules', '.bin', 'tsx'), ['src/cli/main.ts', 'doctor', ...args], { stdio: 'ignore' });
				child.on('exit', resolve);
			});
		expect(await exit(base(sim))).toBe(1);
		sim.registerApp({ appId: DEMO_APP_ID, appKey: DEMO_APP_KEY, publicKey: DEMO_PUBLIC_KEY });
		expect(await exit(base(sim))).toBe(0);
	});
});
