import { randomBytes } from 'node:crypto';
import { link, lstat, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { UaidError } from '../protocol/errors.js';

/** Why a secret file was not written; the keygen command turns each into its own message. */
export type SecretFileRefusal = 'exists' | 'not-a-regular-file';

export class SecretFileRefusedError extends UaidError {
	override name = 'SecretFileRefusedError' as const;
	declare readonly code: SecretFileRefusal;
	readonly path: string;

	constructor(reason: SecretFileRefusal, path: string) {
		super(reason, reason === 'exists' ? `${path} exists already.` : `${path} is not a regular file (a symlink, a directory or a device).`);
		this.path = path;
	}

	/** Why it was refused (the same as `code`). */
	get reason(): SecretFileRefusal {
		return this.code;
	}
}

/**
 * Whether `path` may be written as {@link writeSecretFile} would: free, or (with `overwrite`) a
 * regular file. Lets a caller check every file of a set before it writes any.
 *
 * @throws {SecretFileRefusedError} `exists` (without `overwrite`) or `not-a-regular-file`.
 */
export async function checkSecretFileTarget(path: string, overwrite: boolean): Promise<void> {
	const existing = await lstat(path).catch((error: NodeJS.ErrnoException) => {
		if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return undefined;
		throw error;
	});
	if (existing && !existing.isFile()) throw new SecretFileRefusedError('not-a-regular-file', path);
	if (existing && !overwrite) throw new SecretFileRefusedError('exists', path);
}

/**
 * Writes `content` to `path` with `mode` (0600 unless given) so that, for a secret, no other user
 * can ever read it, and nothing else is touched:
 * - the bytes go to a new temporary file in the same directory, created with that mode and O_EXCL
 *   (which does not follow a symlink planted at its name), so they are never in a file with a wider mode;
 * - without `overwrite`, `link()` gives it the final name only if that name is free, atomically;
 * - with `overwrite`, an existing entry must be a regular file, and `rename()` replaces the
 *   directory entry itself: a symlink put there meanwhile is replaced, its target is never written.
 *
 * @throws {SecretFileRefusedError} `exists` (without `overwrite`) or `not-a-regular-file`.
 */
export async function writeSecretFile(path: string, content: string, options: { overwrite: boolean; mode?: number }): Promise<void> {
	await checkSecretFileTarget(path, options.overwrite);
	const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
	const handle = await open(temporary, 'wx', options.mode ?? 0o600);
	try {
		try {
			await handle.writeFile(content);
			// Durable before it takes the key's name: a crash must not leave an empty key file.
			await handle.sync();
		} finally {
			await handle.close();
		}
		if (options.overwrite) {
			await rename(temporary, path);
		} else {
			try {
				await link(temporary, path);
			} catch (error) {
				if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new SecretFileRefusedError('exists', path);
				throw error;
			}
			await unlink(temporary);
		}
	} catch (error) {
		await unlink(temporary).catch(() => undefined);
		throw error;
	}
}
