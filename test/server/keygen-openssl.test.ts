import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keygenCommand, PASTE_HINT, PRIVATE_KEY_FILE_NAME, PUBLIC_KEY_FILE_NAME } from '../../src/cli/keygen-command.js';
import { CliError } from '../../src/cli/errors.js';
import { runCli } from '../../src/cli/run.js';
import { validateSignContent, type ValidateRequest } from '../../src/protocol/index.js';
import { validateToken } from '../../src/server/index.js';
import { startFakePlatform } from './support.js';

/** Runs the keygen command in-process, capturing what it prints. */
async function keygen(values: Record<string, string | boolean | undefined>): Promise<{ stdout: string; stderr: string }> {
	let stdout = '';
	let stderr = '';
	const out = process.stdout.write;
	const err = process.stderr.write;
	process.stdout.write = ((chunk: string) => {
		stdout += chunk;
		return true;
	}) as typeof process.stdout.write;
	process.stderr.write = ((chunk: string) => {
		stderr += chunk;
		return true;
	}) as typeof process.stderr.write;
	try {
		await keygenCommand.run(values);
	} finally {
		process.stdout.write = out;
		process.stderr.write = err;
	}
	return { stdout, stderr };
}

describe('keygen, and kit signatures verified by openssl', () => {
	let dir: string;

	beforeAll(() => {
		dir = mkdtempSync(join(tmpdir(), 'uaid-keygen-'));
	});
	afterAll(() => {
		rmSync(dir, { recursive: true, force: true });
	});

	it('writes the private key 0600 and the public key beside it, prints only the public key on stdout and the paste hint on stderr', async () => {
		const { stdout, stderr } = await keygen({ out: join(dir, 'keys') });
		// `keygen > pub.txt` captures the key and nothing else.
		expect(stdout).toMatch(/^[A-Za-z0-9+/]+={0,2}\n$/);
		const publicKey = stdout.trimEnd();
		expect(stderr).toContain(PASTE_HINT.slice(0, -1));
		expect(stderr).toContain('开放平台 → 能力配置 → RSA 公钥');
		const file = join(dir, 'keys', PRIVATE_KEY_FILE_NAME);
		const publicFile = join(dir, 'keys', PUBLIC_KEY_FILE_NAME);
		expect(PUBLIC_KEY_FILE_NAME).toBe('uaid-private-key.txt.pub');
		expect(statSync(file).mode & 0o777).toBe(0o600);
		expect(statSync(publicFile).mode & 0o777).toBe(0o644 & ~process.umask());
		expect(readFileSync(publicFile, 'utf8')).toBe(`${publicKey}\n`);
		expect(stderr).toContain(file);
		expect(stderr).toContain(publicFile);
		expect(stderr + stdout).not.toContain(readFileSync(file, 'utf8').trim());
		// The public key is X.509 SPKI DER, 2048 bits, of this private key: openssl reads it as such.
		writeFileSync(join(dir, 'pub.der'), Buffer.from(publicKey, 'base64'));
		const derived = execFileSync('openssl', ['pkey', '-pubout', '-outform', 'DER'], {
			input: `-----BEGIN PRIVATE KEY-----\n${readFileSync(file, 'utf8').trim()}\n-----END PRIVATE KEY-----\n`,
		});
		expect(derived.toString('base64')).toBe(publicKey);
		const text = execFileSync('openssl', ['pkey', '-pubin', '-inform', 'DER', '-in', join(dir, 'pub.der'), '-noout', '-text'], {
			encoding: 'utf8',
		});
		expect(text).toContain('2048 bit');
	});

	it('refuses to overwrite an existing key without --force, and overwrites it with --force', async () => {
		const out = join(dir, 'keys');
		const file = join(out, PRIVATE_KEY_FILE_NAME);
		const publicFile = join(out, PUBLIC_KEY_FILE_NAME);
		const before = readFileSync(file, 'utf8');
		const publicBefore = readFileSync(publicFile, 'utf8');
		await expect(keygen({ out })).rejects.toThrow(CliError);
		await expect(keygen({ out })).rejects.toThrow(/--force/);
		expect(readFileSync(file, 'utf8')).toBe(before);
		expect(readFileSync(publicFile, 'utf8')).toBe(publicBefore);
		const { stdout } = await keygen({ out, force: true });
		expect(readFileSync(file, 'utf8')).not.toBe(before);
		expect(readFileSync(publicFile, 'utf8')).toBe(stdout);
		expect(statSync(file).mode & 0o777).toBe(0o600);
	});

	it('refuses a leftover public key without --force before it writes a private key that would not match it', async () => {
		const out = join(dir, 'only-pub');
		mkdirSync(out);
		writeFileSync(join(out, PUBLIC_KEY_FILE_NAME), 'an old public key\n');
		await expect(keygen({ out })).rejects.toThrow(new RegExp(`${PUBLIC_KEY_FILE_NAME}.*--force`));
		expect(existsSync(join(out, PRIVATE_KEY_FILE_NAME))).toBe(false);
		expect(readFileSync(join(out, PUBLIC_KEY_FILE_NAME), 'utf8')).toBe('an old public key\n');
	});

	it('is what `cmcc-uaid keygen --bits 1024 --out DIR` runs', async () => {
		const out = join(dir, 'via-cli');
		const write = process.stdout.write;
		let stdout = '';
		process.stdout.write = ((chunk: string) => {
			stdout += chunk;
			return true;
		}) as typeof process.stdout.write;
		const stderr = process.stderr.write;
		process.stderr.write = (() => true) as typeof process.stderr.write;
		try {
			expect(await runCli(['keygen', '--bits', '1024', '--out', out])).toBe(0);
		} finally {
			process.stdout.write = write;
			process.stderr.write = stderr;
		}
		expect(stdout.trimEnd().split('\n')).toHaveLength(1);
		writeFileSync(join(out, 'pub.der'), Buffer.from(stdout.trimEnd(), 'base64'));
		expect(
			execFileSync('openssl', ['pkey', '-pubin', '-inform', 'DER', '-in', join(out, 'pub.der'), '-noout', '-text'], { encoding: 'utf8' }),
		).toContain('1024 bit');
	});

	it('refuses a key size the platform does not take', async () => {
		await expect(keygen({ out: join(dir, 'bad'), bits: '1000' })).rejects.toThrow(/--bits/);
		await expect(keygen({ out: join(dir, 'bad'), bits: 'big' })).rejects.toThrow(/--bits/);
	});

	it.each(['md5', 'sha256'] as const)(
		'the %s signature the kit sends to imeiTokenValidate verifies with openssl and the printed public key',
		async (algorithm) => {
			const out = join(dir, `k-${algorithm}`);
			const { stdout } = await keygen({ out });
			const publicKey = stdout.trimEnd();
			const privateKey = readFileSync(join(out, PRIVATE_KEY_FILE_NAME), 'utf8');
			writeFileSync(join(out, 'pub.der'), Buffer.from(publicKey, 'base64'));
			execFileSync('openssl', ['pkey', '-pubin', '-inform', 'DER', '-in', join(out, 'pub.der'), '-out', join(out, 'pub.pem')]);

			const platform = await startFakePlatform(() => ({
				status: 200,
				body: JSON.stringify({ header: {}, body: { resultCode: '000000', resultDesc: '成功', UAID: 'b'.repeat(64) } }),
			}));
			try {
				const token = 'H5HTTPS0123456789ABCDEF0123456789ABCDEF';
				const { uaid } = await validateToken({
					appId: '300011580392',
					privateKey,
					token,
					signatureAlgorithm: algorithm,
					validateUrl: platform.url,
				});
				expect(uaid).toBe('b'.repeat(64));
				const sent = JSON.parse(platform.received[0]!) as ValidateRequest;
				writeFileSync(join(out, 'content.txt'), validateSignContent({ ...sent.header, token: sent.body.token }), 'utf8');
				writeFileSync(join(out, 'sig.bin'), Buffer.from(sent.body.sign, 'base64'));
				const verified = execFileSync(
					'openssl',
					['dgst', `-${algorithm}`, '-verify', join(out, 'pub.pem'), '-signature', join(out, 'sig.bin'), join(out, 'content.txt')],
					{ encoding: 'utf8' },
				);
				expect(verified.trim()).toBe('Verified OK');
				// A tampered content must not verify: the check above can fail.
				writeFileSync(join(out, 'content.txt'), validateSignContent({ ...sent.header, token: token.replace('H5', 'H6') }), 'utf8');
				expect(() =>
					execFileSync(
						'openssl',
						['dgst', `-${algorithm}`, '-verify', join(out, 'pub.pem'), '-signature', join(out, 'sig.bin'), join(out, 'content.txt')],
						{ stdio: 'pipe' },
					),
				).toThrow();
			} finally {
				await platform.close();
			}
		},
	);
});
