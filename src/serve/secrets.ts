import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { ServeConfigError } from './errors.js';
import type { SecretRef } from './serve-config.js';

/** A relative `file` is read from the config file's directory, so a config and its keys move together. */
export const secretPath = (file: string, configDir: string): string => (isAbsolute(file) ? file : resolve(configDir, file));

/**
 * The value of a secret: the environment variable or the file's content, surrounding whitespace
 * dropped (a trailing newline in a key file is not part of the key).
 * @throws {ServeConfigError} `missing-secret` naming the variable and the field, `unreadable-file` naming the file and the field.
 */
export async function resolveSecret(
	ref: SecretRef,
	field: string,
	configDir: string,
	env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
	if ('env' in ref) {
		const value = env[ref.env]?.trim();
		if (!value)
			throw new ServeConfigError('missing-secret', `config ${field}: the environment variable ${ref.env} is not set (or empty).`, {
				field,
				envVar: ref.env,
			});
		return value;
	}
	const path = secretPath(ref.file, configDir);
	let text: string;
	try {
		text = await readFile(path, 'utf8');
	} catch (cause) {
		throw new ServeConfigError(
			'unreadable-file',
			`config ${field}: cannot read ${path} (${(cause as NodeJS.ErrnoException).code ?? String(cause)}).`,
			{ field, cause },
		);
	}
	const value = text.trim();
	if (value === '') throw new ServeConfigError('unreadable-file', `config ${field}: ${path} is empty.`, { field });
	return value;
}
