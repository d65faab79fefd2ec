import { UaidError } from '../protocol/errors.js';

/**
 * An error the CLI reports as one line on stderr, with an exit code: 2 for a flag that cannot work
 * (`invalid-option`, as every part of cmcc-uaid says of a bad setting), 1 for a command that failed.
 */
export class CliError extends UaidError {
	override name = 'CliError' as const;
	declare readonly code: 'invalid-option' | 'command-failed';
	readonly exitCode: number;

	constructor(message: string, exitCode = 2, options?: { cause?: unknown }) {
		super(exitCode === 2 ? 'invalid-option' : 'command-failed', message, options);
		this.exitCode = exitCode;
	}
}
