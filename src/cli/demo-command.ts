import { startDemo, type RunningDemo } from '../demo/demo-server.js';
import { closeOnSignal, parsePortOption, type CliCommand } from './command.js';
import { CliError } from './errors.js';

/** Port the demo pages are served on without `--port`; a busy port falls back to any free one. */
export const DEFAULT_DEMO_PORT = 5180;

/**
 * `cmcc-uaid demo [--port N] [--host H]`: the simulator, a demo backend on the server kit and the
 * two pages, on loopback with no configuration. Prints the URL; stops on SIGINT/SIGTERM.
 */
export const demoCommand: CliCommand = {
	summary: 'Run the demo on loopback: the platform simulator, a backend built on the server kit, and the two demo pages.',
	usage: `cmcc-uaid demo [--port N (default ${DEFAULT_DEMO_PORT}, 0 = any free port)] [--host HOST (default 127.0.0.1)]`,
	options: {
		port: { type: 'string' },
		host: { type: 'string' },
	},
	async run(values) {
		const host = typeof values.host === 'string' && values.host !== '' ? values.host : '127.0.0.1';
		const port = parsePortOption(values.port, undefined);
		let demo: RunningDemo;
		let note = '';
		try {
			demo = await startDemo({ host, port: port ?? DEFAULT_DEMO_PORT });
		} catch (error) {
			// Only the default port may be busy without the user having asked for it.
			if (port !== undefined || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE')
				throw new CliError(`cannot start the demo: ${error instanceof Error ? error.message : String(error)}`, 1);
			demo = await startDemo({ host, port: 0 });
			// Said, so a bookmark or a second terminal on the default port is not taken for this demo.
			note = `  (port ${DEFAULT_DEMO_PORT} was busy: took ${new URL(demo.url).port}; --port N picks one)`;
		}
		process.stdout.write(
			[
				`cmcc-uaid demo running at ${demo.url}${note}`,
				`  script-tag page  ${demo.url}`,
				`  SPA page         ${demo.spaUrl}`,
				`  simulator        ${demo.simulator.url} (China Mobile's endpoints, admin API under /__sim/)`,
				'Press Ctrl+C to stop.',
				'',
			].join('\n'),
		);
		const running = demo;
		await closeOnSignal(() => running.close());
		return 0;
	},
};
