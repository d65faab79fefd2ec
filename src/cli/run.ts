import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { CliCommand } from './command.js';
import { CliError } from './errors.js';

const COMMANDS: Record<string, () => Promise<CliCommand>> = {
	simulator: async () => (await import('./simulator-command.js')).simulatorCommand,
	keygen: async () => (await import('./keygen-command.js')).keygenCommand,
	demo: async () => (await import('./demo-command.js')).demoCommand,
	doctor: async () => (await import('./doctor-command.js')).doctorCommand,
	serve: async () => (await import('./serve-command.js')).serveCommand,
};

function usage(): string {
	return [
		'Usage: cmcc-uaid <command> [options]',
		'',
		'Commands:',
		'  simulator   run the China Mobile platform simulator',
		'  keygen      generate the RSA key pair for imeiTokenValidate',
		'  demo        run the demo (simulator, backend and pages) on loopback',
		"  doctor      check an app's keys, whitelist, algorithm, network path and clock against the platform",
		'  serve       run the server kit as a service that hands the UAID over as a signed session cookie',
		'',
		"Run 'cmcc-uaid <command> --help' for a command's options, 'cmcc-uaid --version' for the package's version.",
	].join('\n');
}

/** Parses argv and runs one command; exported for tests. */
export async function runCli(argv: readonly string[]): Promise<number | void> {
	const [name, ...rest] = argv;
	if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
		process.stdout.write(`${usage()}\n`);
		return name === undefined ? 2 : 0;
	}
	if (name === '--version' || name === '-v') {
		process.stdout.write(`${packageVersion()}\n`);
		return 0;
	}
	const load = COMMANDS[name];
	if (!load) throw new CliError(`unknown command "${name}".\n${usage()}`);
	const command = await load();
	if (rest.includes('--help') || rest.includes('-h')) {
		process.stdout.write(`${command.summary}\n\nUsage: ${command.usage}\n`);
		return 0;
	}
	let values: Record<string, string | boolean | undefined>;
	try {
		// Commands declare no `multiple` options, so every value is a string or a boolean.
		values = parseArgs({ args: [...rest], options: command.options, strict: true, allowPositionals: false }).values as Record<
			string,
			string | boolean | undefined
		>;
	} catch (error) {
		throw new CliError(`${error instanceof Error ? error.message : String(error)}\nUsage: ${command.usage}`);
	}
	return command.run(values);
}

/** The installed package's version: package.json sits two levels up from both src/cli and dist/cli. */
function packageVersion(): string {
	return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}
