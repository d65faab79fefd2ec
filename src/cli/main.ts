#!/usr/bin/env node
/**
 * `cmcc-uaid <command>`: each command lives in its own module, loaded only when asked for, so
 * `keygen` never starts a server and `simulator` never loads the demo.
 */
import { CliError } from './errors.js';
import { runCli } from './run.js';

runCli(process.argv.slice(2)).then(
	(code) => {
		if (typeof code === 'number') process.exitCode = code;
	},
	(error: unknown) => {
		if (error instanceof CliError) {
			process.stderr.write(`cmcc-uaid: ${error.message}\n`);
			process.exitCode = error.exitCode;
			return;
		}
		process.stderr.write(`cmcc-uaid: unexpected failure: ${error instanceof Error ? error.message : String(error)}\n`);
		process.exitCode = 1;
	},
);
