import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { isProtocolError } from '../protocol/index.js';
import { generateRsaKeyPair, SUPPORTED_KEY_BITS } from '../protocol/node/index.js';
import { isUnignoredInGitWorkTree } from './git-ignore-check.js';
import type { CliCommand } from './command.js';
import { CliError } from './errors.js';
import { SecretFileRefusedError, writeSecretFile } from './write-secret-file.js';

/** File name of the private key inside `--out` (or the current directory). */
export const PRIVATE_KEY_FILE_NAME = 'uaid-private-key.txt';

/** Where the public key goes, in the open platform's own words. */
export const PASTE_HINT = 'Paste this public key into China Mobile 开放平台 → 能力配置 → RSA 公钥:';

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
 * directory without `--out` — never overwrites an existing file without `--force`, and never
 * writes through a symlink or to anything but a regular file. Warns when the file would be in a
 * git work tree that does not ignore it. Prints the
 * public key (Base64 X.509 SPKI DER) on stdout exactly as it is pasted into the open platform,
 * after one line saying where; everything else goes to stderr, so `| tail -1` is the key.
 */
export const keygenCommand: CliCommand = {
	summary: 'Generate the RSA key pair for imeiTokenValidate: the private key to a file (mode 0600), the public key for the open platform to stdout.',
	usage: `cmcc-uaid keygen [--bits 2048 (${SUPPORTED_KEY_BITS.join('|')})] [--out DIR (default: current directory)] [--force (overwrite an existing ${PRIVATE_KEY_FILE_NAME})]`,
	options: {
		bits: { type: 'string' },
		out: { type: 'string' },
		force: { type: 'boolean' },
	},
	async run(values) {
		const bits = parseBits(values.bits);
		const dir = resolve(typeof values.out === 'string' ? values.out : '.');
		const file = resolve(dir, PRIVATE_KEY_FILE_NAME);
		let pair: ReturnType<typeof generateRsaKeyPair>;
		try {
			pair = generateRsaKeyPair({ bits });
		} catch (error) {
			if (isProtocolError(error)) throw new CliError(error.message);
			throw error;
		}
		try {
			await mkdir(dir, { recursive: true, mode: 0o700 });
			await writeSecretFile(file, pair.privateKey + '\n', { overwrite: values.force === true });
		} catch (error) {
			if (error instanceof SecretFileRefusedError && error.reason === 'exists') throw new CliError(`${file} exists already; it may be the key your platform app uses. Pass --force to overwrite it.`, 1);
			if (error instanceof SecretFileRefusedError) throw new CliError(`${file} is not a regular file (a symlink, a directory or a device); refusing to write a private key through it, also with --force. Remove it or choose another --out.`, 1);
			throw new CliError(`cannot write ${file}: ${error instanceof Error ? error.message : String(error)}`, 1);
		}
		if (await isUnignoredInGitWorkTree(file)) process.stderr.write(`warning: ${file} is inside a git work tree that does not ignore it; add it to .gitignore before your next commit.\n`);
		if (bits < 2048) process.stderr.write(`warning: ${bits}-bit RSA is weak; use 2048 unless the platform demands otherwise.\n`);
		process.stderr.write(`Private key (${bits}-bit, Base64 PKCS#8) written to ${file} (mode 0600). Give it to the server as UAID_PRIVATE_KEY; never commit it.\n`);
		process.stdout.write(`${PASTE_HINT}\n${pair.publicKey}\n`);
		return 0;
	},
};
