import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino, type Logger } from 'pino';
import { createUaidHandler } from '../server/adapters/create-handler.js';
import { toNodeListener } from '../server/adapters/node-listener.js';
import type { OnUaidHook } from '../server/core/on-uaid.js';
import { asConfigError, kitOptions } from './kit-options.js';
import { noteOpenTelemetry } from './open-telemetry.js';
import { DEFAULT_SERVE_PORT, type ServeConfig } from './serve-config.js';
import { createServiceListener, JWKS_PATH } from './service-routes.js';
import { createServiceStore } from './service-store.js';
import { cookieSettings, sessionCookie } from './session-cookie.js';
import { createSessionSigner } from './session-signer.js';
import { loadPreviousKeys, loadSigningKey } from './signing-key.js';

export interface StartServeOptions {
	/** The config file's directory: relative `file` secrets are read from there. */
	configDir: string;
	/** Where the JSON lines go. @default pino to stdout at `config.log.level` */
	logger?: Logger;
}

export interface RunningService {
	/** `http://host:port`, the port the system gave for `listen.port: 0`. */
	readonly url: string;
	readonly logger: Logger;
	/** Stops accepting, lets requests in flight finish (at most `shutdownTimeoutMs`), then lets the store go. */
	close(): Promise<void>;
}

/** What the kit may tell onUaid beyond `uaid` and `traceId` (a carrier, a consent), read only when present. */
type HookResult = Parameters<OnUaidHook>[0] & { carrier?: unknown };
type HookContext = Parameters<OnUaidHook>[1] & { consent?: unknown };

/**
 * `cmcc-uaid serve`: reads every secret and key, builds the kit with the session hook, and listens.
 * Anything wrong in the config throws before a socket is opened.
 * @throws {ServeConfigError} naming the field or environment variable at fault.
 */
export async function startServe(config: ServeConfig, options: StartServeOptions): Promise<RunningService> {
	const { configDir } = options;
	const logger =
		options.logger ??
		pino({ level: config.log?.level ?? 'info', base: { service: 'cmcc-uaid-serve' }, timestamp: pino.stdTimeFunctions.isoTime });
	const { session } = config;
	// Secrets first: a missing or unreadable one stops the start before a signing key is generated.
	const kit = await kitOptions(config.kit, configDir);
	const previousKeys = await loadPreviousKeys(session.previousKeys ?? [], configDir);
	const algorithm = session.algorithm ?? 'ES256';
	const signingKey = await loadSigningKey(session.signingKey, algorithm, configDir);
	if (signingKey.generatedAt)
		logger.warn(
			{ path: signingKey.generatedAt, kid: signingKey.kid },
			'generated a new session signing key; give every instance this same file',
		);
	const signer = createSessionSigner(signingKey, {
		issuer: session.issuer,
		audience: session.audience,
		ttlSeconds: session.ttlSeconds ?? 3600,
	});
	const cookie = cookieSettings(session);
	const onUaid: OnUaidHook = async (result: HookResult, context: HookContext) => {
		const jwt = await signer.sign({
			uaid: result.uaid,
			traceId: result.traceId,
			...(typeof result.carrier === 'string' ? { carrier: result.carrier } : {}),
			...(context.consent !== undefined ? { consent: context.consent } : {}),
		});
		return { headers: { 'set-cookie': sessionCookie(jwt, cookie, context.origin ?? config.kit.publicOrigin) } };
	};

	const store = await createServiceStore(config, configDir);
	let handler: ReturnType<typeof createUaidHandler>;
	try {
		handler = createUaidHandler({ ...kit, store: store.store, logger: logger.child({ component: 'kit' }), onUaid });
	} catch (error) {
		await store.close();
		throw asConfigError(error);
	}

	let draining = false;
	const server = createServer(
		createServiceListener({ kit: toNodeListener(handler), keys: [signingKey, ...previousKeys], store, logger, draining: () => draining }),
	);
	const { host = '127.0.0.1', port = DEFAULT_SERVE_PORT } = config.listen ?? {};
	try {
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(port, host, () => {
				server.off('error', reject);
				resolve();
			});
		});
	} catch (error) {
		await store.close();
		throw error;
	}
	const address = server.address() as AddressInfo;
	const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
	logger.info({ url, store: store.kind, kid: signingKey.kid, jwks: url + JWKS_PATH }, 'listening');
	void noteOpenTelemetry(logger);

	let closing: Promise<void> | undefined;
	return {
		url,
		logger,
		close() {
			closing ??= (async () => {
				draining = true;
				const closed = new Promise<void>((resolve) => server.close(() => resolve()));
				server.closeIdleConnections();
				logger.info({}, 'draining: no new connections, requests in flight finish');
				const timer = setTimeout(() => server.closeAllConnections(), config.shutdownTimeoutMs ?? 10_000);
				await closed;
				clearTimeout(timer);
				await store.close();
				logger.info({}, 'stopped');
			})();
			return closing;
		},
	};
}
