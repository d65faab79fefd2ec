import type { ParseArgsConfig } from 'node:util';
import { CliError } from './errors.js';

/** One `cmcc-uaid <command>`: its help, its flags, and what it does. */
export interface CliCommand {
	readonly summary: string;
	readonly usage: string;
	readonly options: NonNullable<ParseArgsConfig['options']>;
	/** Resolves with the exit code once the command is done (a server resolves when it is stopped). */
	run(values: Record<string, string | boolean | undefined>): Promise<number | void>;
}

/** `--port N`: a whole number from 0 (any free port) to 65535; `fallback` when the flag is absent. */
export function parsePortOption<T extends number | undefined>(value: string | boolean | undefined, fallback: T): number | T {
	if (value === undefined) return fallback;
	if (typeof value !== 'string' || !/^\d{1,5}$/.test(value) || Number(value) > 65_535)
		throw new CliError(`--port must be a number from 0 to 65535, got ${String(value)}.`);
	return Number(value);
}

/** For commands that run a server: resolves once SIGINT or SIGTERM has arrived and `close()` has settled. */
export function closeOnSignal(close: () => Promise<unknown>): Promise<void> {
	return new Promise<void>((resolve) => {
		const stop = (): void => {
			process.off('SIGINT', stop);
			process.off('SIGTERM', stop);
			void close().then(
				() => resolve(),
				() => resolve(),
			);
		};
		process.on('SIGINT', stop);
		process.on('SIGTERM', stop);
	});
}
