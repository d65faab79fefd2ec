import type { IncomingMessage, ServerResponse } from 'node:http';
import { isAdminOriginAllowed, isJsonContentType } from './admin-access.js';
import type { SimulatorAppConfig } from './config.js';
import type { SimulatorControls } from './controls.js';
import { isSimulatorConfigError } from './errors.js';
import type { FaultSettings } from './faults.js';
import { headerValue, readBody, sendError, sendJson } from './http-io.js';
import type { NetworkSettings } from './network.js';

/** Prefix of the admin API; nothing the real platform serves starts with it. */
export const ADMIN_PREFIX = '/__sim/';

/** A %-decoded path segment; a malformed escape (`apps/%`) names no app rather than failing the request. */
function decodePathPart(part: string): string {
	try {
		return decodeURIComponent(part);
	} catch {
		return part;
	}
}

type Route = (body: unknown, params: string[]) => { status: number; value?: unknown };

interface AdminRoute {
	readonly pattern: RegExp;
	readonly methods: Readonly<Record<string, Route>>;
	/** The methods that read a JSON body. */
	readonly bodyMethods?: readonly string[];
}

function routes(controls: SimulatorControls): readonly AdminRoute[] {
	// PUT and POST both register an app: clients disagree on which a create-or-replace is.
	const registerApp: Route = (body) => ({ status: 200, value: { app: controls.registerApp(body as SimulatorAppConfig) } });
	return [
		{ pattern: /^health$/, methods: { GET: () => ({ status: 200, value: controls.health() }) } },
		{ pattern: /^config$/, methods: { GET: () => ({ status: 200, value: controls.describeConfig() }) } },
		{
			pattern: /^apps$/,
			methods: { PUT: registerApp, POST: registerApp },
			bodyMethods: ['PUT', 'POST'],
		},
		{
			pattern: /^apps\/([^/]+)$/,
			methods: {
				DELETE: (_body, [appId]) =>
					controls.removeApp(decodePathPart(appId ?? ''))
						? { status: 204 }
						: { status: 404, value: { error: { code: 'unknown-app', message: `No app ${appId}.` } } },
			},
		},
		{
			pattern: /^network$/,
			methods: {
				GET: () => ({ status: 200, value: controls.network() }),
				PUT: (body) => ({ status: 200, value: controls.setNetwork(body as Partial<NetworkSettings>) }),
			},
			bodyMethods: ['PUT'],
		},
		{
			pattern: /^faults$/,
			methods: {
				GET: () => ({ status: 200, value: controls.faults() }),
				PUT: (body) => ({ status: 200, value: controls.setFaults((body ?? {}) as FaultSettings) }),
				DELETE: () => {
					controls.clearFaults();
					return { status: 204 };
				},
			},
			bodyMethods: ['PUT'],
		},
		{
			pattern: /^reset$/,
			methods: {
				POST: () => {
					controls.reset();
					return { status: 204 };
				},
			},
		},
		{
			pattern: /^log$/,
			methods: {
				GET: () => ({ status: 200, value: { entries: controls.log() } }),
				DELETE: () => {
					controls.clearLog();
					return { status: 204 };
				},
			},
		},
	];
}

/**
 * The `/__sim/` admin API: JSON in, JSON out, `{"error": {"code", "message"}}` with 400 for bad
 * input. It answers requests without an Origin (curl, tests, the CLI) and pages on loopback or in
 * `adminOrigins`, echoing their origin for CORS; any other page gets 403 and no CORS headers, so a
 * site the developer visits can neither read the log nor change the simulator. PUT and POST need
 * `Content-Type: application/json`, which a page cannot send cross-origin without a preflight.
 */
export function createAdminHandler(
	controls: SimulatorControls,
	options: { maxBodyBytes: number; adminOrigins: ReadonlySet<string> },
): (request: IncomingMessage, response: ServerResponse, path: string) => Promise<void> {
	const { maxBodyBytes, adminOrigins } = options;
	const table = routes(controls);
	return async (request, response, path) => {
		const origin = headerValue(request, 'origin');
		if (!isAdminOriginAllowed(origin, adminOrigins)) {
			request.resume();
			sendError(
				response,
				403,
				'origin-not-allowed',
				'The admin API answers loopback pages, the origins in adminOrigins and requests without an Origin.',
			);
			return;
		}
		const cors: Record<string, string> = origin === undefined ? {} : { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' };
		const name = path.slice(ADMIN_PREFIX.length);
		let route: AdminRoute | undefined;
		let params: string[] = [];
		for (const candidate of table) {
			const match = candidate.pattern.exec(name);
			if (match) {
				route = candidate;
				params = match.slice(1);
				break;
			}
		}
		if (!route) {
			sendError(response, 404, 'not-found', `No admin route ${path}.`, cors);
			return;
		}
		const method = request.method ?? '';
		const allow = Object.keys(route.methods).join(', ');
		if (method === 'OPTIONS') {
			response.writeHead(204, {
				...cors,
				'Access-Control-Allow-Methods': `${allow}, OPTIONS`,
				'Access-Control-Allow-Headers': 'Content-Type',
				'Access-Control-Max-Age': '600',
			});
			response.end();
			return;
		}
		const handler = route.methods[method];
		if (!handler) {
			sendError(response, 405, 'method-not-allowed', `${method} is not allowed on ${path}; allowed: ${allow}.`, { ...cors, Allow: allow });
			return;
		}
		if ((method === 'PUT' || method === 'POST') && !isJsonContentType(headerValue(request, 'content-type'))) {
			request.resume();
			sendError(response, 415, 'unsupported-media-type', `${method} ${path} needs Content-Type: application/json.`, cors);
			return;
		}
		let body: unknown;
		if (route.bodyMethods?.includes(method)) {
			const read = await readBody(request, maxBodyBytes);
			if (read.kind === 'aborted') return;
			if (read.kind === 'too-large') {
				sendError(response, 413, 'payload-too-large', `The body exceeds ${maxBodyBytes} bytes.`, { ...cors, Connection: 'close' });
				return;
			}
			if (read.kind === 'invalid-utf8') {
				sendError(response, 400, 'invalid-json', 'The body is not UTF-8.', cors);
				return;
			}
			if (read.text.trim() !== '') {
				try {
					body = JSON.parse(read.text);
				} catch {
					sendError(response, 400, 'invalid-json', 'The body is not JSON.', cors);
					return;
				}
			}
		} else {
			request.resume();
		}
		try {
			const { status, value } = handler(body, params);
			if (value === undefined) {
				response.writeHead(status, cors);
				response.end();
			} else {
				sendJson(response, status, value, cors);
			}
		} catch (error) {
			if (isSimulatorConfigError(error)) {
				// The admin API's documented wire code; the thrown error says invalid-option like every other part.
				sendError(response, 400, 'invalid-simulator-config', error.message, cors);
				return;
			}
			sendError(response, 500, 'internal-error', 'The simulator failed to apply this change.', cors);
		}
	};
}
