import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { isProtocolError } from '../protocol/index.js';
import { generateRsaKeyPair, SUPPORTED_KEY_BITS } from '../protocol/node/index.js';
import { isUnignoredInGitWorkTree } from './git-ignore-check.js';
import type { CliCommand } from './command.js';
import { CliError } from './errors.js';
import { checkSecretFileTarget, SecretFileRefusedError, writeSecretFile } from './write-secret-file.js';

/** File name of the private key inside `--out` (or the current directory). */
export const PRIVATE_KEY_FILE_NAME = 'uaid-private-key.txt';

/** File name of the public key, beside the private key (as `ssh-keygen` pairs `id_rsa` with `id_rsa.pub`). */
export const PUBLIC_KEY_FILE_NAME = `${PRIVATE_KEY_FILE_NAME}.pub`;

/** Where the public key goes, in the open platform's own words. */
export const PASTE_HINT = 'Paste this public key into China Mobile 开放平台 → 能力配置 → RSA 公钥:';

function refusal(file: string, error: unknown): CliError {
	if (error instanceof SecretFileRefusedError && error.reason === 'exists')
		return new CliError(`${file} exists already; it may belong to the key your platform app uses. Pass --force to overwrite it.`, 1);
	if (error instanceof SecretFileRefusedError)
		return new CliError(
			`${file} is not a regular file (a symlink, a directory or a device); refusing to write a key ` +
				`through it, also with --force. Remove it or choose another --out.`,
			1,
		);
	return new CliError(`cannot write ${file}: ${error instanceof Error ? error.message : String(error)}`, 1);
}

function parseBits(value: string | boolean | undefined): number {
	if (value === undefined) return 2048;
	if (typeof value !== 'string' || !/^\d+$/.test(value) || !(SUPPORTED_KEY_BITS as readonly number[]).includes(Number(value))) {
		throw new CliError(`--bits must be one of ${SUPPORTED_KEY_BITS.join(', ')}, got ${String(value)}.`);
	}
	return Number(value);
}

/**
 * `cmcc-uaid keygen [--bits 2048] [--out DIR] [--force]`: writes the private key as Base64 PKCS#8
 * DER (the vendor's RsaUtils format) to `DIR/uaid-private-key.txt` with mode 0600 — the current
 * directory without `--out` — and the public key (Base64 X.509 SPKI DER) beside it as
 * `uaid-private-key.txt.pub` (0644), the same way; never overwrites an existing file without
 * `--force`, and never writes through a symlink or to anything but a regular file. Warns when the
 * private key would be in a git work tree that does not ignore it. Stdout carries the public key
 * alone, exactly as it is pasted into the open platform (`> pub.txt` captures just the key);
 * instructions and warnings go to stderr.
 */
export const keygenCommand: CliCommand = {
	summary:
		'Generate the RSA key pair for imeiTokenValidate: the private key to a file (mode 0600), the ' +
		'public key beside it and on stdout, for the open platform.',
	usage:
		`cmcc-uaid keygen [--bits 2048 (${SUPPORTED_KEY_BITS.join('|')})] [--out DIR (default: current ` +
		`directory)] [--force (overwrite an existing ${PRIVATE_KEY_FILE_NAME} and ` +
		`${PUBLIC_KEY_FILE_NAME})]\n\nWrites DIR/${PRIVATE_KEY_FILE_NAME} (mode 0600) and ` +
		`DIR/${PUBLIC_KEY_FILE_NAME}; prints only the public key on stdout, instructions on stderr.`,
	options: {
		bits: { type: 'string' },
		out: { type: 'string' },
		force: { type: 'boolean' },
	},
	async run(values) {
		const bits = parseBits(values.bits);
		const dir = resolve(typeof values.out === 'string' ? values.out : '.');
		const file = resolve(dir, PRIVATE_KEY_FILE_NAME);
		const publicFile = resolve(dir, PUBLIC_KEY_FILE_NAME);
		let pair: ReturnType<typeof generateRsaKeyPair>;
		try {
			pair = generateRsaKeyPair({ bits });
		} catch (error) {
			if (isProtocolError(error)) throw new CliError(error.message);
			throw error;
		}
		// Both targets are checked before either is written: a refusal after the private key was replaced would lose the old key and never
		// show the new public one.
		for (const target of [file, publicFile]) {
			await checkSecretFileTarget(target, values.force === true).catch((error: unknown) => {
				throw refusal(target, error);
			});
		}
		await mkdir(dir, { recursive: true, mode: 0o700 }).catch((error: unknown) => {
			throw refusal(dir, error);
		});
		await writeSecretFile(file, `${pair.privateKey}\n`, { overwrite: values.force === true }).catch((error: unknown) => {
			throw refusal(file, error);
		});
		await writeSecretFile(publicFile, `${pair.publicKey}\n`, { overwrite: values.force === true, mode: 0o644 }).catch((error: unknown) => {
			throw refusal(publicFile, error);
		});
		if (await isUnignoredInGitWorkTree(file))
			process.stderr.write(
				`warning: ${file} is inside a git work tree that does not ignore it; add it to .gitignore before your next commit.\n`,
			);
		if (bits < 2048) process.stderr.write(`warning: ${bits}-bit RSA is weak; use 2048 unless the platform demands otherwise.\n`);
		process.stderr.write(
			[
				`Private key (${bits}-bit, Base64 PKCS#8) written to ${file} (mode 0600). Give it to the server as UAID_PRIVATE_KEY; never commit it.`,
				`Public key written to ${publicFile}; it is also the one line on stdout.`,
				PASTE_HINT.replace(/:$/, ' (the line on stdout, exactly as printed).'),
				'',
			].join('\n'),
		);
		process.stdout.write(`${pair.publicKey}\n`);
		return 0;
	},
};
