import { execFileSync } from 'node:child_process';
import {
	chmodSync,
	lstatSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	readlinkSync,
	rmSync,
	statSync,
	symlinkSync,
	writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keygenCommand, PRIVATE_KEY_FILE_NAME } from '../../src/cli/keygen-command.js';
import { CliError } from '../../src/cli/errors.js';

/** Runs the keygen command in-process with 1024-bit keys (fast), capturing stderr. */
async function keygen(values: Record<string, string | boolean | undefined>): Promise<{ stderr: string }> {
	let stderr = '';
	const out = process.stdout.write;
	const err = process.stderr.write;
	process.stdout.write = (() => true) as typeof process.stdout.write;
	process.stderr.write = ((chunk: string) => {
		stderr += chunk;
		return true;
	}) as typeof process.stderr.write;
	try {
		await keygenCommand.run({ bits: '1024', ...values });
	} finally {
		process.stdout.write = out;
		process.stderr.write = err;
	}
	return { stderr };
}

let dir: string;
beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), 'uaid-keygen-file-'));
});
afterEach(() => {
	rmSync(dir, { recursive: true, force: true });
});

const leftovers = (folder: string): string[] => readdirSync(folder).filter((name) => name.endsWith('.tmp'));

describe('keygen writes the private key safely', () => {
	it('refuses a symlink planted at the key path, also with --force, and leaves its target alone', async () => {
		const out = join(dir, 'keys');
		mkdirSync(out);
		const victim = join(dir, 'victim.txt');
		writeFileSync(victim, 'precious\n', { mode: 0o644 });
		symlinkSync(victim, join(out, PRIVATE_KEY_FILE_NAME));
		for (const force of [false, true]) {
			await expect(keygen({ out, force }), `force: ${force}`).rejects.toThrow(CliError);
		}
		await expect(keygen({ out, force: true })).rejects.toThrow(/not a regular file/);
		expect(readFileSync(victim, 'utf8')).toBe('precious\n');
		expect(statSync(victim).mode & 0o777).toBe(0o644);
		expect(readlinkSync(join(out, PRIVATE_KEY_FILE_NAME))).toBe(victim);
		expect(leftovers(out)).toEqual([]);
	});

	it('--force checks both targets before writing either: a symlink at the .pub path leaves the old private key in place', async () => {
		const out = join(dir, 'keys');
		mkdirSync(out);
		writeFileSync(join(out, PRIVATE_KEY_FILE_NAME), 'the-old-private-key\n', { mode: 0o600 });
		const victim = join(dir, 'victim.txt');
		writeFileSync(victim, 'untouched\n');
		symlinkSync(victim, join(out, `${PRIVATE_KEY_FILE_NAME}.pub`));
		await expect(keygen({ out, force: true })).rejects.toThrow(/not a regular file/);
		expect(readFileSync(join(out, PRIVATE_KEY_FILE_NAME), 'utf8')).toBe('the-old-private-key\n');
		expect(readFileSync(victim, 'utf8')).toBe('untouched\n');
		expect(leftovers(out)).toEqual([]);
	});

	it('refuses a directory at the key path, also with --force', async () => {
		mkdirSync(join(dir, PRIVATE_KEY_FILE_NAME));
		await expect(keygen({ out: dir, force: true })).rejects.toThrow(/not a regular file/);
		expect(lstatSync(join(dir, PRIVATE_KEY_FILE_NAME)).isDirectory()).toBe(true);
	});

	it('--force over a 0644 file puts the key in a new 0600 file, never in the old readable one', async () => {
		const file = join(dir, PRIVATE_KEY_FILE_NAME);
		writeFileSync(file, 'old key\n');
		chmodSync(file, 0o644);
		const before = statSync(file);
		await keygen({ out: dir, force: true });
		const after = statSync(file);
		expect(after.mode & 0o777).toBe(0o600);
		// A new inode: the key was never written into the file that other users could read.
		expect(after.ino).not.toBe(before.ino);
		expect(readFileSync(file, 'utf8')).toMatch(/^[A-Za-z0-9+/]+={0,2}\n$/);
		expect(leftovers(dir)).toEqual([]);
	});

	it('refuses an existing regular file without --force and leaves no temporary file behind', async () => {
		const file = join(dir, PRIVATE_KEY_FILE_NAME);
		writeFileSync(file, 'old key\n', { mode: 0o600 });
		await expect(keygen({ out: dir })).rejects.toThrow(/--force/);
		expect(readFileSync(file, 'utf8')).toBe('old key\n');
		expect(leftovers(dir)).toEqual([]);
	});
});

describe('keygen and git', () => {
	const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'ignore' });

	it('warns when the key lands in a git work tree that does not ignore it', async () => {
		git('init', '-q');
		const { stderr } = await keygen({ out: join(dir, 'secrets') });
		expect(stderr).toMatch(/warning: .*uaid-private-key\.txt is inside a git work tree that does not ignore it/);
	});

	it('says nothing when the work tree ignores it', async () => {
		git('init', '-q');
		writeFileSync(join(dir, '.gitignore'), 'secrets/\n');
		const { stderr } = await keygen({ out: join(dir, 'secrets') });
		expect(stderr).not.toContain('work tree');
	});

	it('says nothing outside a work tree', async () => {
		const { stderr } = await keygen({ out: dir });
		expect(stderr).not.toContain('work tree');
	});
});
