import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { demoSimulatorConfig } from '../simulator/demo-app.js';
import { isSimulatorConfigError } from '../simulator/errors.js';
import { startSimulator } from '../simulator/simulator.js';
import { closeOnSignal, parsePortOption, type CliCommand } from './command.js';
import { CliError } from './errors.js';

/** Port `cmcc-uaid simulator` listens on without `--port`. */
export const DEFAULT_SIMULATOR_PORT = 8790;

/** The simulator's documentation as installed: the package ships docs/ beside dist/ (src/ in a clone). */
export const SIMULATOR_DOC = fileURLToPath(new URL('../../docs/simulator.md', import.meta.url));

async function readConfigFile(path: string): Promise<unknown> {
	let text: string;
	try {
		text = await readFile(path, 'utf8');
	} catch (error) {
		throw new CliError(`cannot read --config ${path}: ${error instanceof Error ? error.message : String(error)}`);
	}
	try {
		return JSON.parse(text) as unknown;
	} catch (error) {
		throw new CliError(`--config ${path} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
	}
}

/**
 * `cmcc-uaid simulator [--config FILE] [--port N] [--host H] [--uaid-secret S]`: prints one line with the URL once
 * it listens, and resolves (exit 0) on SIGINT or SIGTERM after closing the server.
 */
export const simulatorCommand: CliCommand = {
	summary: 'Run the China Mobile UAID platform simulator (getMobile, imeiTokenValidate, /__sim/ admin API).',
	usage:
		`cmcc-uaid simulator [--config FILE] [--port N (default ${DEFAULT_SIMULATOR_PORT}, 0 = any free port)] [--host HOST (default ` +
		`127.0.0.1)] [--uaid-secret SECRET] [--allowed-hosts NAME,NAME]\n\nThe simulator answers only to its own addresses (any IP, ` +
		`localhost, the production platform hosts) and answers 421 host-not-allowed to any other Host name, so a DNS-rebinding page cannot ` +
		`read it; --allowed-hosts adds names (a compose service name). UAIDs are derived with a secret drawn at each start, so they change ` +
		`when the simulator restarts; --uaid-secret keeps them (any string, the same each time). Without --config it serves the demo app ` +
		`300011580392 with its public demo appkey and key pair. The --config file's shape (apps: appId, appKey, publicKey, serverIps, ` +
		`origins, referers, …) and the demo keys: ${SIMULATOR_DOC}`,
	options: {
		config: { type: 'string' },
		port: { type: 'string' },
		host: { type: 'string' },
		'uaid-secret': { type: 'string' },
		'allowed-hosts': { type: 'string' },
	},
	async run(values) {
		const port = parsePortOption(values.port, DEFAULT_SIMULATOR_PORT);
		const host = typeof values.host === 'string' && values.host !== '' ? values.host : '127.0.0.1';
		const config = typeof values.config === 'string' ? await readConfigFile(values.config) : demoSimulatorConfig();
		const uaidSecret = values['uaid-secret'];
		if (uaidSecret === '') throw new CliError('--uaid-secret needs a value: any string, the same at each start to keep the UAIDs.');
		const allowedHosts =
			typeof values['allowed-hosts'] === 'string'
				? values['allowed-hosts']
						.split(',')
						.map((name) => name.trim())
						.filter(Boolean)
				: [];
		let simulator: Awaited<ReturnType<typeof startSimulator>>;
		try {
			simulator = await startSimulator({
				config: config as never,
				port,
				host,
				allowedHosts,
				...(typeof uaidSecret === 'string' ? { uaidSecret } : {}),
			});
		} catch (error) {
			if (isSimulatorConfigError(error)) throw new CliError(`bad simulator config: ${error.message}`);
			throw new CliError(`cannot start the simulator: ${error instanceof Error ? error.message : String(error)}`, 1);
		}
		process.stdout.write(`cmcc-uaid simulator listening on ${simulator.url}\n`);
		const running = simulator;
		await closeOnSignal(() => running.close());
		return 0;
	},
};
