import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GET_MOBILE_PATH, VALIDATE_PATH } from '../protocol/fields.js';
import type { PlatformEndpoint } from '../protocol/result-codes.js';
import { ADMIN_PREFIX, createAdminHandler, type SimulatorControls } from './admin-handler.js';
import { parseAnswerSettings, type AnswerSettings } from './answer-settings.js';
import { resolveApp, resolveConfig, type ResolvedApp, type ResolvedConfig, type SimulatorAppConfig, type SimulatorConfig } from './config.js';
import { SimulatorConfigError } from './errors.js';
import { describeFaults, parseFaultSettings, type FaultSettings } from './faults.js';
import { sendError, listen } from './http-io.js';
import { parseNetworkSettings, type NetworkSettings } from './network.js';
import { handlePlatformRequest, PLATFORM_ROUTES } from './platform-handler.js';
import { RateLimiter } from './rate-limiter.js';
import { RequestLog, type LogEntry } from './request-log.js';
import type { SimulatorState } from './state.js';
import { TokenStore } from './token-store.js';
import { createUaidSecret, deriveUaid } from './uaid.js';
import { optionalInteger } from './validate-input.js';

export interface SimulatorOptions {
	/** Apps, token lifetime and network, as in a `--config` file. @default {} (no apps: register them with `registerApp`) */
	config?: SimulatorConfig;
	/** Port to listen on; 0 picks a free one (read it from `url`). @default 0 @example 8790 */
	port?: number;
	/** Interface to listen on. @default '127.0.0.1' @example '0.0.0.0' */
	host?: string;
	/** The clock, in ms since the epoch: tokens, validity windows, rate windows and timestamps read it. @default Date.now @example () => fakeNow */
	now?: () => number;
	/** How many requests `log()` keeps. @default 500 @example 50 */
	logLimit?: number;
	/** Largest request body accepted; larger ones get HTTP 413. @default 65536 @example 1024 */
	maxBodyBytes?: number;
	/** @deprecated Use `maxBodyBytes` (the server kit's name for the same limit); the same value under its old name. */
	bodyLimitBytes?: number;
	/**
	 * Take the caller IP (IP whitelist, rate limit) from the first `X-Forwarded-For` hop instead of
	 * the socket. Only for a simulator behind a proxy, or tests that play several callers.
	 * @default false
	 */
	trustForwardedFor?: boolean;
	/** Secret the UAIDs are derived with; set it to keep UAIDs stable across restarts. @default 32 random bytes @example 'my-test-secret' */
	uaidSecret?: string;
}

/** A running simulator; the admin API's operations are also methods here. */
export interface RunningSimulator extends SimulatorControls {
	/** Base URL, e.g. `http://127.0.0.1:40123` (no trailing slash). */
	readonly url: string;
	readonly port: number;
	readonly host: string;
	/** Full URL of getMobile on this simulator. */
	readonly getMobileUrl: string;
	/** Full URL of imeiTokenValidate on this simulator. */
	readonly validateUrl: string;
	/** Which code off-gateway devices get and which answer shape is used (config `answers`). */
	answers(): AnswerSettings;
	/** Changes the answer settings; omitted fields keep their value. `reset()` restores the config's. */
	setAnswers(settings: Partial<AnswerSettings>): AnswerSettings;
	/** The UAID the simulator answers for (appId, msisdn): for asserting on results. */
	uaidFor(appId: string, msisdn: string): string;
	/** Stops listening and closes every open connection. */
	close(): Promise<void>;
}

function describeApp(app: ResolvedApp): SimulatorAppConfig {
	// The appKey is a shared secret: say that one is set, never what it is.
	return { ...app.config, appKey: '<redacted>' };
}

/**
 * Starts the China Mobile platform simulator on `node:http`.
 *
 * @throws {SimulatorConfigError} for a bad configuration, before anything listens.
 * @example
 * const sim = await startSimulator({ config: { apps: [{ appId: '300011580392', appKey: 'k', publicKey }] } });
 * // POST `${sim.url}/h5/getMobile`, then `${sim.url}/NumberAbility/h5/imeiTokenValidate.htm`
 * await sim.close();
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
	const port = optionalInteger(options.port, 'port', 0, 65_535) ?? 0;
	const host = options.host ?? '127.0.0.1';
	const logLimit = optionalInteger(options.logLimit, 'logLimit', 1, 1_000_000) ?? 500;
	const maxBodyBytes = optionalInteger(options.maxBodyBytes ?? options.bodyLimitBytes, options.maxBodyBytes === undefined ? 'bodyLimitBytes' : 'maxBodyBytes', 256, 64 * 1024 * 1024) ?? 64 * 1024;
	if (options.now !== undefined && typeof options.now !== 'function') throw new SimulatorConfigError('now', 'must be a function returning ms since the epoch.');
	const now = options.now ?? Date.now;
	const config: ResolvedConfig = resolveConfig(options.config ?? {});

	const state: SimulatorState = {
		apps: new Map(config.apps),
		network: { ...config.network },
		answers: { ...config.answers },
		faults: new Map(),
		tokens: new TokenStore(config.tokenTtlSeconds * 1000),
		rateLimiter: new RateLimiter(),
		log: new RequestLog(logLimit),
		uaidSecret: options.uaidSecret ?? createUaidSecret(),
		now,
	};

	// Pending fault latencies: close() ends them at once instead of leaving handlers waiting.
	const sleepers = new Map<NodeJS.Timeout, () => void>();
	const sleep = (ms: number): Promise<void> =>
		new Promise((resolve) => {
			const timer = setTimeout(() => {
				sleepers.delete(timer);
				resolve();
			}, ms);
			sleepers.set(timer, resolve);
		});

	const controls: SimulatorControls = {
		health: () => ({ status: 'ok', apps: state.apps.size, tokens: state.tokens.size }),
		describeConfig: () => ({ apps: [...state.apps.values()].map(describeApp), tokenTtlSeconds: config.tokenTtlSeconds, network: { ...state.network }, answers: { ...state.answers } }),
		registerApp(app) {
			const resolved = resolveApp(app, 'app');
			state.apps.set(resolved.appId, resolved);
			return describeApp(resolved);
		},
		removeApp: (appId) => state.apps.delete(appId),
		network: () => ({ ...state.network }),
		setNetwork(settings: Partial<NetworkSettings>) {
			state.network = parseNetworkSettings(settings, 'network', state.network);
			return { ...state.network };
		},
		faults: () => describeFaults(state.faults),
		setFaults(faults: FaultSettings) {
			const parsed = parseFaultSettings(faults);
			state.faults.clear();
			for (const [endpoint, fault] of parsed) state.faults.set(endpoint, fault);
			return describeFaults(state.faults);
		},
		clearFaults: () => state.faults.clear(),
		reset() {
			state.tokens.clear();
			state.rateLimiter.clear();
			state.faults.clear();
			state.log.clear();
			state.network = { ...config.network };
			state.answers = { ...config.answers };
		},
		log: (): LogEntry[] => state.log.entries(),
		clearLog: () => state.log.clear(),
	};

	const admin = createAdminHandler(controls, { maxBodyBytes, adminOrigins: config.adminOrigins });
	const platformOptions = { maxBodyBytes, trustForwardedFor: options.trustForwardedFor ?? false, sleep };

	const server = createServer((request: IncomingMessage, response: ServerResponse) => {
		let path: string;
		try {
			path = new URL(request.url ?? '/', 'http://simulator').pathname;
		} catch {
			path = '';
		}
		const endpoint: PlatformEndpoint | undefined = PLATFORM_ROUTES.get(path);
		const work = endpoint ? handlePlatformRequest(endpoint, request, response, state, platformOptions) : path.startsWith(ADMIN_PREFIX) ? admin(request, response, path) : notFound(request, response, path);
		work.catch(() => {
			if (!response.headersSent && !response.destroyed) sendError(response, 500, 'internal-error', 'The simulator failed on this request.');
		});
	});
	// A client error (bad request line, oversized headers) gets a plain 400 instead of an unhandled event.
	server.on('clientError', (_error, socket) => {
		if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
		else socket.destroy();
	});

	await listen(server, port, host);
	const address = server.address() as AddressInfo;
	const urlHost = address.family === 'IPv6' || host.includes(':') ? `[${address.address}]` : host;
	const url = `http://${urlHost}:${address.port}`;

	let closing: Promise<void> | undefined;
	return {
		...controls,
		url,
		port: address.port,
		host,
		getMobileUrl: `${url}${GET_MOBILE_PATH}`,
		validateUrl: `${url}${VALIDATE_PATH}`,
		answers: () => ({ ...state.answers }),
		setAnswers(settings) {
			state.answers = parseAnswerSettings(settings, 'answers', state.answers);
			return { ...state.answers };
		},
		uaidFor: (appId, msisdn) => deriveUaid(state.uaidSecret, appId, msisdn),
		close() {
			closing ??= new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
				for (const [timer, wake] of sleepers) {
					clearTimeout(timer);
					wake();
				}
				sleepers.clear();
			});
			return closing;
		},
	};
}

function notFound(request: IncomingMessage, response: ServerResponse, path: string): Promise<void> {
	request.resume();
	sendError(response, 404, 'not-found', `No route ${path || request.url || ''}; the simulator serves ${[...PLATFORM_ROUTES.keys()].join(', ')} and ${ADMIN_PREFIX}*.`);
	return Promise.resolve();
}
