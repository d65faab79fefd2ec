import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isServeConfigError } from '../serve/errors.js';
import { loadServeConfig } from '../serve/load-config.js';
import { DEFAULT_SERVE_PORT } from '../serve/serve-config.js';
import { startServe } from '../serve/start-serve.js';
import { closeOnSignal, type CliCommand } from './command.js';
import { CliError } from './errors.js';

/** The service's documentation as installed: the package ships docs/ beside dist/. */
export const SERVE_DOC = fileURLToPath(new URL('../../docs/serve.md', import.meta.url));

/**
 * `cmcc-uaid serve --config FILE`: the kit as a service behind the site's reverse proxy. A config
 * that cannot work stops it before anything listens (exit 2, the field or variable named); SIGTERM
 * or SIGINT drains and exits 0.
 */
export const serveCommand: CliCommand = {
	summary:
		'Run the server kit as a service: sign, validate and coverage, the UAID handed over as an HttpOnly session cookie (a JWT verified ' +
		'against /.well-known/jwks.json).',
	usage:
		`cmcc-uaid serve --config FILE\n\nFILE is JSON following schema/serve-config.schema.json in the package: listen { host, port ` +
		`(default ${DEFAULT_SERVE_PORT}) }, kit (createUaidHandler's options; appKey and privateKey as { "env": NAME } or { "file": path }), ` +
		`redis { url | cluster } (optional, needs ioredis), session { issuer, audience, ttlSeconds, signingKey, cookie }. Also serves GET ` +
		`/healthz, /readyz and /.well-known/jwks.json; logs JSON lines on stdout. Guide: ${SERVE_DOC}`,
	options: {
		config: { type: 'string' },
	},
	async run(values) {
		if (typeof values.config !== 'string' || values.config === '')
			throw new CliError('serve needs --config FILE (see cmcc-uaid serve --help).');
		const path = resolve(values.config);
		let service: Awaited<ReturnType<typeof startServe>>;
		try {
			service = await startServe(await loadServeConfig(path), { configDir: dirname(path) });
		} catch (error) {
			if (isServeConfigError(error)) throw new CliError(`serve refused to start [${error.code}]: ${error.message}`, 2, { cause: error });
			throw new CliError(`serve cannot start: ${error instanceof Error ? error.message : String(error)}`, 1, { cause: error });
		}
		const running = service;
		await closeOnSignal(() => running.close());
		return 0;
	},
};
