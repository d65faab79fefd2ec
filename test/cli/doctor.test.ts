import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import { resultFix, resultVariant } from '../../src/protocol/index.js';
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
	writeFileSync(privateKeyFile, `${DEMO_PRIVATE_KEY}\n`);
	writeFileSync(publicKeyFile, `${DEMO_PUBLIC_KEY}\n`);
	writeFileSync(otherPublicKeyFile, OTHER_KEYS.publicKey);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(async () => {
	await Promise.all(open.splice(0).map((sim) => sim.close()));
});

async function platform(app: Partial<SimulatorAppConfig> = {}, options: { now?: () => number } = {}): Promise<RunningSimulator> {
	const sim = await startSimulator({
		config: { apps: [{ appId: DEMO_APP_ID, appKey: DEMO_APP_KEY, publicKey: DEMO_PUBLIC_KEY, ...app }] },
		...options,
	});
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

async function doctorJson(
	args: string[],
): Promise<{ code: number | void; ok: boolean; checks: JsonCheck[]; publicKey?: string; stdout: string }> {
	const { code, stdout } = await doctor([...args, '--json', '--lang', 'en']);
	return { code, stdout, ...JSON.parse(stdout) };
}

const base = (sim: RunningSimulator, ...more: string[]) => [
	'--app-id',
	DEMO_APP_ID,
	'--private-key',
	privateKeyFile,
	'--platform-url',
	sim.url,
	...more,
];
const check = (checks: JsonCheck[], name: string) => checks.find((c) => c.check === name);

describe('cmcc-uaid doctor against a correctly configured platform', () => {
	it('passes every check, exits 0 and prints the public key as it is pasted into the platform', async () => {
		const sim = await platform({ serverIps: ['127.0.0.1'] });
		process.env.DOCTOR_TEST_APP_KEY = DEMO_APP_KEY;
		const { code, stdout } = await doctor([
			...base(sim, '--public-key', publicKeyFile, '--app-key-env', 'DOCTOR_TEST_APP_KEY'),
			'--lang',
			'en',
		]);
		expect(code).toBe(0);
		expect(stdout).toContain('matches the private key');
		expect(stdout).toContain('answered 120009');
		expect(stdout).toContain(`exactly as it is pasted into the open platform (RSA 公钥):\n${DEMO_PUBLIC_KEY}\n`);
		expect(stdout).toContain('Every check passed.');
		expect(stdout).not.toContain(DEMO_PRIVATE_KEY);
		expect(stdout).not.toContain(DEMO_APP_KEY);
		// One getMobile signed with the appkey, and one validate with a token the platform never issued: nothing real is used up.
		expect(stdout).toContain('answered 103000 to a getMobile signed with $DOCTOR_TEST_APP_KEY: the appkey matches the appId.');
		expect(sim.log().map((e) => [e.endpoint, e.resultCode])).toEqual([
			['getMobile', '103000'],
			['imeiTokenValidate', '120009'],
		]);
		delete process.env.DOCTOR_TEST_APP_KEY;
	});

	it('says the same in --json, for scripts, with every check passed', async () => {
		const sim = await platform();
		const report = await doctorJson(base(sim, '--public-key', publicKeyFile));
		expect(report.code).toBe(0);
		expect(report.ok).toBe(true);
		expect(report.checks.map((c) => [c.check, c.status])).toEqual([
			['private-key', 'pass'],
			['public-key', 'pass'],
			// Without --app-key-env the appkey is not checked, and doctor says so.
			['get-mobile', 'skip'],
			['platform', 'pass'],
			['clock', 'pass'],
		]);
		expect(check(report.checks, 'get-mobile')).toMatchObject({
			message: 'getMobile.noAppKeyEnv',
			text: expect.stringContaining('--app-key-env'),
		});
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
		expect(check(report.checks, 'platform')).toMatchObject({
			status: 'fail',
			message: 'platform.otherAlgorithm',
			params: { algorithm: 'md5', other: 'sha256' },
		});
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
		expect(check((await doctorJson(base(sim))).checks, 'platform')).toMatchObject({
			status: 'fail',
			message: 'platform.rights',
			params: { code: '110023' },
		});
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
		expect(check((await doctorJson(base(sim))).checks, 'platform')).toMatchObject({
			status: 'fail',
			message: 'net.http',
			params: { status: 502 },
		});
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

	it("prints a platform's text without its control characters, so a fake answer cannot drive the terminal", async () => {
		// Sets the window title, moves up and erases the FAIL line, prints a fake [ok  ]; then a C1 CSI and a bidi override.
		const hostile = '\u001b]0;owned\u0007\u001b[1A\u001b[2K[ok  ] all good\r\n\u009b2J\u202eevil';
		const server = createHttpServer((req, res) => {
			req.resume();
			req.on('end', () =>
				res
					.writeHead(200, { 'content-type': 'application/json' })
					.end(JSON.stringify({ header: { timestamp: '20260101000000000' }, body: { resultCode: '777777', resultDesc: hostile } })),
			);
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		try {
			const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
			const { code, stdout } = await doctor([
				'--app-id',
				DEMO_APP_ID,
				'--private-key',
				privateKeyFile,
				'--platform-url',
				url,
				'--lang',
				'en',
			]);
			expect(code).toBe(1);
			expect(stdout).toContain('777777');
			// biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for exactly these.
			expect(stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
			const report = await doctorJson(['--app-id', DEMO_APP_ID, '--private-key', privateKeyFile, '--platform-url', url]);
			// biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for exactly these.
			expect(String(check(report.checks, 'platform')!.params.desc)).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e]/);
		} finally {
			server.closeAllConnections();
			await new Promise((resolve) => server.close(resolve));
		}
	});

	it('a refused connection', async () => {
		const server = createServer();
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const port = (server.address() as { port: number }).port;
		await new Promise((resolve) => server.close(resolve));
		const report = await doctorJson([
			'--app-id',
			DEMO_APP_ID,
			'--private-key',
			privateKeyFile,
			'--platform-url',
			`http://127.0.0.1:${port}`,
		]);
		expect(check(report.checks, 'platform')).toMatchObject({ status: 'fail', message: 'net.refused' });
	});

	it('TLS that fails: https to a port that speaks plain HTTP', async () => {
		const sim = await platform();
		const report = await doctorJson([
			'--app-id',
			DEMO_APP_ID,
			'--private-key',
			privateKeyFile,
			'--platform-url',
			sim.url.replace('http:', 'https:'),
		]);
		expect(check(report.checks, 'platform')).toMatchObject({ status: 'fail', message: 'net.tls' });
	});

	it('a host that does not resolve', async () => {
		const report = await doctorJson([
			'--app-id',
			DEMO_APP_ID,
			'--private-key',
			privateKeyFile,
			'--platform-url',
			'http://platform.invalid',
			'--timeout-ms',
			'5000',
		]);
		expect(check(report.checks, 'platform')).toMatchObject({ status: 'fail', message: 'net.dns' });
	});

	it('an unreadable private key: fails, and the platform is not contacted', async () => {
		const sim = await platform();
		const bad = join(dir, 'bad.txt');
		writeFileSync(bad, 'not a key');
		const report = await doctorJson(['--app-id', DEMO_APP_ID, '--private-key', bad, '--platform-url', sim.url]);
		expect(report.checks.map((c) => [c.check, c.status])).toEqual([
			['private-key', 'fail'],
			['get-mobile', 'skip'],
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
		// An appkey that cannot be right is not sent to the platform.
		expect(check(report.checks, 'get-mobile')).toMatchObject({ status: 'skip', message: 'getMobile.appKeyUnusable' });
		expect(sim.log().filter((e) => e.endpoint === 'getMobile')).toEqual([]);
		expect(report.stdout).not.toContain(DEMO_APP_KEY);
		delete process.env.DOCTOR_TEST_APP_KEY;
	});

	it('refuses missing or bad flags with usage (exit 2)', async () => {
		await expect(runCli(['doctor', '--private-key', privateKeyFile])).rejects.toThrow(/--app-id is required/);
		await expect(runCli(['doctor', '--app-id', DEMO_APP_ID])).rejects.toThrow(/--private-key is required/);
		await expect(runCli(['doctor', '--app-id', DEMO_APP_ID, '--private-key', privateKeyFile, '--algorithm', 'sha1'])).rejects.toThrow(
			/--algorithm/,
		);
		await expect(
			runCli(['doctor', '--app-id', DEMO_APP_ID, '--private-key', privateKeyFile, '--app-key-env', DEMO_APP_KEY]),
		).rejects.toThrow(/name of an environment variable/);
	});
});

describe('cmcc-uaid doctor checks the appkey with one getMobile', () => {
	afterEach(() => {
		delete process.env.DOCTOR_TEST_APP_KEY;
	});

	it('a wrong appkey: the simulator answers 130018, doctor fails naming the appkey and the catalogue’s fix', async () => {
		const sim = await platform();
		process.env.DOCTOR_TEST_APP_KEY = 'not-the-appkey-of-this-app';
		const report = await doctorJson(base(sim, '--app-key-env', 'DOCTOR_TEST_APP_KEY'));
		expect(report.code).not.toBe(0);
		expect(report.ok).toBe(false);
		const getMobile = check(report.checks, 'get-mobile')!;
		expect(getMobile).toMatchObject({
			status: 'fail',
			message: 'getMobile.appKey',
			params: { code: resultVariant('getMobile', 'sign-invalid').code, name: 'DOCTOR_TEST_APP_KEY' },
		});
		expect(getMobile.text).toContain(
			`answered 130018 (验证签名失败) to a getMobile signed with $DOCTOR_TEST_APP_KEY: ${resultFix('getMobile', '130018')!.en}`,
		);
		expect(report.stdout).not.toContain('not-the-appkey-of-this-app');
		// The other checks still run: the platform and clock are unaffected by the appkey.
		expect(check(report.checks, 'platform')?.status).toBe('pass');
	});

	it('prints it in the terminal, with exit status 1', async () => {
		const sim = await platform();
		process.env.DOCTOR_TEST_APP_KEY = 'not-the-appkey-of-this-app';
		const { code, stdout } = await doctor([...base(sim, '--app-key-env', 'DOCTOR_TEST_APP_KEY'), '--lang', 'en']);
		expect(code).toBe(1);
		expect(stdout).toMatch(/\[FAIL\] getMobile +answered 130018 /);
		expect(stdout).not.toContain('Every check passed.');
	});

	it('103101 (the sibling APIs’ sign code) fails the same way', async () => {
		const sim = await platform();
		sim.setFaults({ getMobile: { resultCode: '103101' } });
		process.env.DOCTOR_TEST_APP_KEY = DEMO_APP_KEY;
		const report = await doctorJson(base(sim, '--app-key-env', 'DOCTOR_TEST_APP_KEY'));
		expect(check(report.checks, 'get-mobile')).toMatchObject({ status: 'fail', message: 'getMobile.appKey', params: { code: '103101' } });
		expect(report.code).toBe(1);
	});

	it.each(['103111', '103134', '105002'])(
		'a gateway answer (%s) says the platform did not refuse the signature before its gateway check',
		async (code) => {
			const sim = await platform();
			sim.setFaults({ getMobile: { resultCode: code } });
			process.env.DOCTOR_TEST_APP_KEY = DEMO_APP_KEY;
			const report = await doctorJson(base(sim, '--app-key-env', 'DOCTOR_TEST_APP_KEY'));
			const getMobile = check(report.checks, 'get-mobile')!;
			expect(getMobile).toMatchObject({ status: 'skip', message: 'getMobile.gateway', params: { code } });
			expect(getMobile.text).toContain('the platform did not refuse the signature before its gateway check');
		},
	);

	it('an app-config refusal other than the sign names its own fix from the catalogue', async () => {
		const sim = await platform({ rights: false });
		process.env.DOCTOR_TEST_APP_KEY = DEMO_APP_KEY;
		const report = await doctorJson(base(sim, '--app-key-env', 'DOCTOR_TEST_APP_KEY'));
		expect(check(report.checks, 'get-mobile')).toMatchObject({
			status: 'fail',
			message: 'getMobile.appConfig',
			params: { code: '110023', fix: resultFix('getMobile', '110023')!.en },
		});
	});

	it('goes to getMobile beside --platform-url, or to --get-mobile-url', async () => {
		const sim = await platform();
		const elsewhere = await platform();
		process.env.DOCTOR_TEST_APP_KEY = DEMO_APP_KEY;
		await doctorJson(base(sim, '--app-key-env', 'DOCTOR_TEST_APP_KEY', '--get-mobile-url', elsewhere.getMobileUrl));
		expect(sim.log().filter((e) => e.endpoint === 'getMobile')).toEqual([]);
		expect(elsewhere.log().map((e) => e.endpoint)).toEqual(['getMobile']);
	});

	it('is readable in Chinese', async () => {
		const sim = await platform();
		process.env.DOCTOR_TEST_APP_KEY = 'not-the-appkey-of-this-app';
		const { stdout } = await doctor([...base(sim, '--app-key-env', 'DOCTOR_TEST_APP_KEY'), '--lang', 'zh-CN']);
		expect(stdout).toContain('用 $DOCTOR_TEST_APP_KEY 签名的 getMobile 返回 130018');
	});
});

describe('the doctor as a process', () => {
	it('exits 1 when a check fails, 0 when all pass', async () => {
		const sim = await platform({ serverIps: ['203.0.113.7'] });
		const exit = (args: string[]) =>
			new Promise<number | null>((resolve) => {
				const child = spawn(join(process.cwd(), 'node_modules', '.bin', 'tsx'), ['src/cli/main.ts', 'doctor', ...args], {
					stdio: 'ignore',
				});
				child.on('exit', resolve);
			});
		expect(await exit(base(sim))).toBe(1);
		sim.registerApp({ appId: DEMO_APP_ID, appKey: DEMO_APP_KEY, publicKey: DEMO_PUBLIC_KEY });
		expect(await exit(base(sim))).toBe(0);
	});
});
