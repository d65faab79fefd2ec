import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GET_MOBILE_PATH, GET_MOBILE_URL, VALIDATE_PATH, VALIDATE_URL } from '../protocol/fields.js';
import { createHostCheck } from './host-check.js';
import { ADMIN_PREFIX, createAdminHandler } from './admin-handler.js';
import { resolveConfig, type ResolvedConfig, type SimulatorConfig } from './config.js';
import { createControls, type SimulatorControls } from './controls.js';
import { SimulatorConfigError } from './errors.js';
import { listen, sendError } from './http-io.js';
import { handlePlatformRequest, PLATFORM_ROUTES, type PlatformHandlerOptions } from './platform-handler.js';
import { RateLimiter } from './rate-limiter.js';
import { RequestLog } from './request-log.js';
import { Sleeper } from './sleeper.js';
import type { SimulatorState } from './state.js';
import { TokenStore } from './token-store.js';
import { createUaidSecret } from './uaid.js';
import { optionalInteger } from './validate-input.js';

export interface SimulatorOptions {
	/** Apps, token lifetime and network, as in a `--config` file. @default {} (no apps: register them with `registerApp`) */
	config?: SimulatorConfig;
	/** Port to listen on; 0 picks a free one (read it from `url`). @default 0 @example 8790 */
	port?: number;
	/** Interface to listen on. @default '127.0.0.1' @example '0.0.0.0' */
	host?: string;
	/**
	 * The clock, in ms since the epoch: tokens, validity windows, rate windows and timestamps read it. @default Date.now @example ()
	 * => fakeNow
	 */
	now?: () => number;
	/** How many requests `log()` keeps. @default 500 @example 50 */
	logLimit?: number;
	/** Largest request body accepted; larger ones get HTTP 413. @default 65536 @example 1024 */
	maxBodyBytes?: number;
	/**
	 * Take the caller IP (IP whitelist, rate limit) from the first `X-Forwarded-For` hop instead of
	 * the socket. Only for a simulator behind a proxy, or tests that play several callers.
	 * @default false
	 */
	trustForwardedFor?: boolean;
	/**
	 * Host names the simulator answers to besides its own loopback and listen addresses, any IP
	 * address and the platform's production hosts: e.g. a compose service name. Any other `Host`
	 * is answered 421 `host-not-allowed`, so a DNS-rebinding page cannot read `/__sim/*`.
	 * @default []
	 * @example ['simulator']
	 */
	allowedHosts?: readonly string[];
	/** Secret the UAIDs are derived with; set it to keep UAIDs stable across restarts. @default 32 random bytes @example 'my-test-secret' */
	uaidSecret?: string;
}

/** A running simulator: the admin API's operations as methods, and where it listens. */
export interface RunningSimulator extends SimulatorControls {
	/** Base URL, e.g. `http://127.0.0.1:40123` (no trailing slash). */
	readonly url: string;
	readonly port: number;
	readonly host: string;
	/** Full URL of getMobile on this simulator. */
	readonly getMobileUrl: string;
	/** Full URL of imeiTokenValidate on this simulator. */
	readonly validateUrl: string;
	/** Stops listening and closes every open connection. */
	close(): Promise<void>;
}

/** The production platform's hosts (msg. serves getMobile too, PROTOCOL.md § 6): a test may map them to the simulator. */
const PLATFORM_HOSTS = [new URL(GET_MOBILE_URL).hostname, 'msg.cmpassport.com', new URL(VALIDATE_URL).hostname];

function initialState(config: ResolvedConfig, options: SimulatorOptions): SimulatorState {
	if (options.now !== undefined && typeof options.now !== 'function')
		throw new SimulatorConfigError('now', 'must be a function returning ms since the epoch.');
	return {
		apps: new Map(config.apps),
		network: { ...config.network },
		answers: { ...config.answers },
		timestampWindowMs: config.timestampWindowMs,
		faults: new Map(),
		tokens: new TokenStore(config.tokenTtlSeconds * 1000),
		rateLimiter: new RateLimiter(),
		log: new RequestLog(optionalInteger(options.logLimit, 'logLimit', 1, 1_000_000) ?? 500),
		uaidSecret: options.uaidSecret ?? createUaidSecret(),
		now: options.now ?? Date.now,
	};
}

function notFound(request: IncomingMessage, response: ServerResponse, path: string): Promise<void> {
	request.resume();
	sendError(
		response,
		404,
		'not-found',
		`No route ${path || request.url || ''}; the simulator serves ${[...PLATFORM_ROUTES.keys()].join(', ')} and ${ADMIN_PREFIX}*.`,
	);
	return Promise.resolve();
}

/** The HTTP server: the platform's two endpoints under their production paths, and the admin API. */
function createSimulatorServer(
	state: SimulatorState,
	admin: ReturnType<typeof createAdminHandler>,
	platform: PlatformHandlerOptions,
	isOwnHost: (host: string | undefined) => boolean,
) {
	const server = createServer((request: IncomingMessage, response: ServerResponse) => {
		if (!isOwnHost(request.headers.host)) {
			request.resume();
			sendError(response, 421, 'host-not-allowed', 'This simulator answers only to its own addresses (allowedHosts adds names).');
			return;
		}
		const path = URL.parse(request.url ?? '/', 'http://simulator')?.pathname ?? '';
		const endpoint = PLATFORM_ROUTES.get(path);
		const work = endpoint
			? handlePlatformRequest(endpoint, request, response, state, platform)
			: path.startsWith(ADMIN_PREFIX)
				? admin(request, response, path)
				: notFound(request, response, path);
		work.catch(() => {
			if (!response.headersSent && !response.destroyed) sendError(response, 500, 'internal-error', 'The simulator failed on this request.');
		});
	});
	// A client error (bad request line, oversized headers) gets a plain 400 instead of an unhandled event.
	server.on('clientError', (_error, socket) => {
		if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
		else socket.destroy();
	});
	return server;
}

/**
 * Starts the China Mobile platform simulator on `node:http`.
 *
 * @throws {SimulatorConfigError} `invalid-option` for a bad configuration, before anything listens.
 * @example
 * const sim = await startSimulator({ config: { apps: [{ appId: '300011580392', appKey: 'k', publicKey }] } });
 * // POST `${sim.url}/h5/getMobile`, then `${sim.url}/NumberAbility/h5/imeiTokenValidate.htm`
 * await sim.close();
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
	const port = optionalInteger(options.port, 'port', 0, 65_535) ?? 0;
	const host = options.host ?? '127.0.0.1';
	const maxBodyBytes = optionalInteger(options.maxBodyBytes, 'maxBodyBytes', 256, 64 * 1024 * 1024) ?? 64 * 1024;
	const config = resolveConfig(options.config ?? {});
	const state = initialState(config, options);
	const controls = createControls(state, config);
	const sleeper = new Sleeper();
	const admin = createAdminHandler(controls, { maxBodyBytes, adminOrigins: config.adminOrigins });
	const allowedHosts = options.allowedHosts ?? [];
	if (!Array.isArray(allowedHosts) || !allowedHosts.every((name) => typeof name === 'string' && name !== ''))
		throw new SimulatorConfigError('allowedHosts', 'must be an array of host names.');
	let isOwnHost: (hostHeader: string | undefined) => boolean = () => false;
	const server = createSimulatorServer(
		state,
		admin,
		{ maxBodyBytes, trustForwardedFor: options.trustForwardedFor ?? false, sleep: (ms) => sleeper.sleep(ms) },
		(hostHeader) => isOwnHost(hostHeader),
	);

	await listen(server, port, host);
	const address = server.address() as AddressInfo;
	isOwnHost = createHostCheck(host, address.port, [...PLATFORM_HOSTS, ...allowedHosts]);
	const url = `http://${address.family === 'IPv6' || host.includes(':') ? `[${address.address}]` : host}:${address.port}`;
	let closing: Promise<void> | undefined;
	return {
		...controls,
		url,
		port: address.port,
		host,
		getMobileUrl: url + GET_MOBILE_PATH,
		validateUrl: url + VALIDATE_PATH,
		close() {
			closing ??= new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
				sleeper.wakeAll();
			});
			return closing;
		},
	};
}
