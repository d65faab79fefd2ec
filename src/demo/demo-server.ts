import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GET_MOBILE_URL } from '../protocol/fields.js';
import { generateRsaKeyPair } from '../protocol/node/keys.js';
import { RESULT_CODES } from '../protocol/result-codes.js';
import { createUaidHandler } from '../server/adapters/create-handler.js';
import type { UaidHandlerOptions } from '../server/core/options.js';
import { toNodeListener } from '../server/adapters/node-listener.js';
import { DEMO_APP_ID } from '../simulator/demo-app.js';
import type { SimulatorAppConfig } from '../simulator/config.js';
import { isAdminOriginAllowed } from '../simulator/admin-access.js';
import { listen, sendJson } from '../simulator/http-io.js';
import { startSimulator, type RunningSimulator } from '../simulator/simulator.js';
import { carrierOfNetworkMode } from './demo-coverage.js';
import { createHostCheck } from './host-check.js';
import { DemoRequestError, readBody, readInside, send, sendDemoError } from './responses.js';

/** The package root, from `src/demo/` and from `dist/demo/` alike. */
const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.css': 'text/css; charset=utf-8',
	'.map': 'application/json; charset=utf-8',
	'.json': 'application/json; charset=utf-8',
	'.svg': 'image/svg+xml',
};

/** The demo's own files, served as they are (the script-tag page and its script). */
const DEMO_FILES: Record<string, string> = {
	'/iife-page.js': 'demo/iife-page.js',
	'/demo-page.js': 'demo/demo-page.js',
	'/demo.css': 'demo/demo.css',
	'/cmcc-uaid.iife.js': 'dist/cmcc-uaid.iife.js',
	'/cmcc-uaid.iife.js.map': 'dist/cmcc-uaid.iife.js.map',
};

const BARE_PAGE =
	'<!doctype html>\n<html lang="zh-CN">\n<head><meta ' +
	'charset="utf-8"><title>cmcc-uaid</title><script ' +
	'src="/cmcc-uaid.iife.js"></script></head>\n<body></body>\n</html>\n';

/** Admin routes of the simulator the page may drive (through this server, so the page needs no CORS). */
const SIMULATOR_ADMIN_PATHS = new Set(['/__sim/network', '/__sim/faults', '/__sim/reset', '/__sim/log']);

export interface DemoOptions {
	/** Interface for the pages, the backend and the simulator. @default '127.0.0.1' */
	host?: string;
	/** Port of the pages and the backend; 0 picks a free one. @default 0 */
	port?: number;
	/**
	 * getMobile URL the pages use: the simulator's by default; `null` leaves the element's
	 * production default (`https://verify.cmpassport.com/h5/getMobile`) in place, for a browser
	 * whose resolver maps that host to the simulator.
	 * @default the simulator's getMobile URL
	 */
	tokenUrl?: string | null;
	/** Send a strict Content-Security-Policy with the pages (no inline script or style, no eval). @default true */
	csp?: boolean;
	/**
	 * Server-kit options for the demo's backend, over the ones the demo sets itself (the app, its
	 * keys, the simulator's validate URL, `basePath` `/uaid`; `allowedOrigins` may be replaced): for tests of `onUaid`,
	 * `exposeUaid`, `logger` and the like.
	 * @default {}
	 * @example { exposeUaid: false, onUaid: () => ({ body: { signedIn: true } }) }
	 */
	kit?: Omit<Partial<UaidHandlerOptions>, 'appId' | 'appKey' | 'privateKey' | 'validateUrl' | 'basePath'>;
}

export interface RunningDemo {
	/** The script-tag page (and the backend's origin), e.g. `http://127.0.0.1:5180/`. */
	readonly url: string;
	/** The SPA page. */
	readonly spaUrl: string;
	readonly origin: string;
	readonly simulator: RunningSimulator;
	readonly appId: string;
	/** The demo backend's secrets, so tests can prove they never reach the browser. */
	readonly secrets: { readonly appKey: string; readonly privateKey: string };
	/** The app as registered with the simulator (appKey included): tests re-register it with changes. */
	readonly app: Readonly<SimulatorAppConfig>;
	/** Cuts every connection to the backend's endpoints while true (the "backend down" case). */
	setBackendDown(down: boolean): void;
	close(): Promise<void>;
}

/**
 * Starts everything the demo needs on loopback: the platform simulator, a backend built on the
 * server kit (with a key pair generated now and registered with the simulator), and the two pages.
 *
 * @example const demo = await startDemo(); console.log(demo.url); await demo.close();
 */
export async function startDemo(options: DemoOptions = {}): Promise<RunningDemo> {
	const host = options.host ?? '127.0.0.1';
	const csp = options.csp ?? true;
	const simulator = await startSimulator({ host, port: 0 });
	const server = createServer();
	try {
		await listen(server, options.port ?? 0, host);
	} catch (error) {
		await simulator.close();
		throw error;
	}
	const { port } = server.address() as AddressInfo;
	const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
	const isOwnHost = createHostCheck(host, port);
	// The simulator's admin rule, plus this demo's own origin when it listens on a LAN address.
	const controlOrigins = new Set([origin]);
	const tokenUrl = options.tokenUrl === undefined ? simulator.getMobileUrl : options.tokenUrl;

	// A fresh appkey and key pair for this run: what an integrator gets from the open platform and keygen.
	const appKey = randomBytes(24).toString('hex');
	const keys = generateRsaKeyPair();
	const app: SimulatorAppConfig = {
		appId: DEMO_APP_ID,
		appKey,
		publicKey: keys.publicKey,
		signatureAlgorithm: 'md5',
		origins: [origin],
		referers: [`${origin}/`],
	};
	simulator.registerApp(app);
	// Coverage follows the simulator's network mode: on loopback there is no address to look up.
	const coverage = () => carrierOfNetworkMode(simulator.network());
	const handler = createUaidHandler({
		allowedOrigins: [origin],
		basePath: '/uaid',
		coverage,
		...options.kit,
		appId: DEMO_APP_ID,
		appKey,
		privateKey: keys.privateKey,
		validateUrl: simulator.validateUrl,
	});
	const backend = toNodeListener(handler);
	let backendDown = false;

	const tokenOrigin = new URL(tokenUrl ?? GET_MOBILE_URL).origin;
	const pageHeaders: Record<string, string> = {
		'content-type': CONTENT_TYPES['.html']!,
		...(csp
			? {
					'content-security-policy':
						`default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self' ${tokenOrigin}; ` +
						`img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
				}
			: {}),
	};
	const iifeTemplate = (await readFile(join(PACKAGE_ROOT, 'demo/iife.html'), 'utf8')).replace(
		'{{TOKEN_URL_ATTRIBUTE}}',
		tokenUrl === null ? '' : ` token-url="${tokenUrl.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`)}"`,
	);
	const spaDir = join(PACKAGE_ROOT, 'dist/spa');

	const route = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
		if (!isOwnHost(request.headers.host)) {
			request.resume();
			return sendDemoError(response, 421, 'host-not-allowed', 'This demo answers only to its own loopback address.');
		}
		const url = new URL(request.url ?? '/', origin);
		const path = url.pathname;
		const isControl = SIMULATOR_ADMIN_PATHS.has(path) || path === '/demo/backend';
		if (
			isControl &&
			!isAdminOriginAllowed(
				typeof request.headers.origin === 'string' && request.headers.origin !== '' ? request.headers.origin : undefined,
				controlOrigins,
			)
		) {
			request.resume();
			return sendDemoError(
				response,
				403,
				'origin-not-allowed',
				'The demo controls answer only the demo page, other loopback pages and requests without an Origin.',
			);
		}
		if (path === '/uaid' || path.startsWith('/uaid/')) {
			if (backendDown) {
				request.socket.destroy();
				return;
			}
			backend(request, response);
			return;
		}
		if (SIMULATOR_ADMIN_PATHS.has(path)) {
			const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await readBody(request);
			const method = request.method ?? 'GET';
			// The check above stands in for the simulator's own Origin check: the forwarded request carries none.
			const answer = await fetch(simulator.url + path, {
				method,
				...(method === 'PUT' || method === 'POST' ? { headers: { 'content-type': 'application/json' } } : {}),
				...(body ? { body } : {}),
			});
			send(response, answer.status, Buffer.from(await answer.arrayBuffer()), {
				'content-type': answer.headers.get('content-type') ?? 'application/json',
			});
			return;
		}
		if (path === '/demo/config.json') return sendJson(response, 200, { appId: DEMO_APP_ID, tokenUrl, simulatorUrl: simulator.url });
		if (path === '/demo/result-codes.json')
			return sendJson(
				response,
				200,
				RESULT_CODES.filter((e) => e.category !== 'ok').map(({ endpoint, code, variant, zh, category }) => ({
					endpoint,
					code,
					variant,
					zh,
					category,
				})),
			);
		if (path === '/demo/expected-uaid') {
			const { msisdn } = simulator.network();
			return sendJson(response, 200, { msisdn, uaid: simulator.uaidFor(DEMO_APP_ID, msisdn) });
		}
		if (path === '/demo/backend' && request.method === 'PUT') {
			let value: { down?: unknown };
			try {
				value = JSON.parse((await readBody(request)) || '{}') as { down?: unknown };
			} catch (error) {
				if (error instanceof DemoRequestError) throw error;
				throw new DemoRequestError(400, 'bad-request', 'The body must be JSON such as {"down": true}.');
			}
			backendDown = value?.down === true;
			return sendJson(response, 200, { down: backendDown });
		}
		if (request.method !== 'GET' && request.method !== 'HEAD')
			return sendDemoError(response, 405, 'method-not-allowed', `${(request.method ?? '').slice(0, 20)} is not allowed here; use GET.`, {
				allow: 'GET, HEAD',
			});
		if (path === '/' || path === '/index.html') return send(response, 200, iifeTemplate, pageHeaders);
		if (path === '/favicon.ico') return send(response, 204, '');
		// The bundle on an otherwise empty page: for tests and console experiments on this origin.
		if (path === '/bare.html') return send(response, 200, BARE_PAGE, pageHeaders);
		const demoFile = DEMO_FILES[path];
		if (demoFile) {
			const content = await readInside(PACKAGE_ROOT, demoFile);
			if (!content) return sendDemoError(response, 404, 'not-found', `${demoFile} is missing: run npm run build first.`);
			return send(response, 200, content, { 'content-type': CONTENT_TYPES[extname(demoFile)] ?? 'application/octet-stream' });
		}
		if (path === '/spa') return send(response, 308, '', { location: '/spa/' });
		if (path.startsWith('/spa/')) {
			let relative: string;
			try {
				relative = decodeURIComponent(path.slice('/spa/'.length));
			} catch {
				return sendDemoError(response, 400, 'bad-request', 'The path has a malformed %-escape.');
			}
			const asset = relative === '' ? undefined : await readInside(spaDir, relative);
			if (asset) return send(response, 200, asset, { 'content-type': CONTENT_TYPES[extname(relative)] ?? 'application/octet-stream' });
			if (extname(relative) !== '') return sendDemoError(response, 404, 'not-found', 'No such file.');
			const index = await readInside(spaDir, 'index.html');
			if (!index) return sendDemoError(response, 404, 'not-found', 'dist/spa is missing: run npm run build first.');
			return send(response, 200, index, pageHeaders);
		}
		sendDemoError(response, 404, 'not-found', 'No such page.');
	};
	server.on('request', (request: IncomingMessage, response: ServerResponse) => {
		route(request, response).catch((error: unknown) => {
			if (response.headersSent || response.destroyed) return;
			if (error instanceof DemoRequestError) sendDemoError(response, error.status, error.code, error.message, { connection: 'close' });
			else sendDemoError(response, 500, 'internal-error', 'The demo server failed on this request.');
		});
	});

	let closing: Promise<void> | undefined;
	return {
		url: `${origin}/`,
		spaUrl: `${origin}/spa/`,
		origin,
		simulator,
		appId: DEMO_APP_ID,
		secrets: { appKey, privateKey: keys.privateKey },
		app: Object.freeze({ ...app }),
		setBackendDown(down) {
			backendDown = down;
		},
		close() {
			closing ??= Promise.all([
				new Promise<void>((resolve) => {
					server.close(() => resolve());
					server.closeAllConnections();
				}),
				simulator.close(),
			]).then(() => undefined);
			return closing;
		},
	};
}
