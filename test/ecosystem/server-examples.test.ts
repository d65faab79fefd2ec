/**
 * The server examples in examples/ run as written: each one, mounted in its framework, takes a
 * fake browser through sign → getMobile (simulator) → validate and answers the simulator's UAID.
 * They import `cmcc-uaid/server` like an integrator's app, so this tests the built package.
 */
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/index.js';
import { APP_ID, APP_KEY, KEYS, PAGE_ORIGIN, closeServer, listen, startTestSimulator } from '../server/support.js';

if (!existsSync(new URL('../../dist/server/index.js', import.meta.url))) {
	throw new Error('The examples import the built package: run `npm run build` first.');
}

// Loaded by path, not by a static import: the examples resolve `cmcc-uaid/server` to dist/, and the
// repository's typecheck must not depend on a build (they have their own: examples/tsconfig.json).
const example = (path: string): Promise<any> => import(/* @vite-ignore */ new URL(`../../examples/${path}`, import.meta.url).href);
type Options = import('../../src/server/index.js').UaidHandlerOptions;
const { createUaidServer } = (await example('node-http/server.ts')) as { createUaidServer(options: Options): Server };
const { createUaidApp: createExpressApp } = (await example('express/server.ts')) as {
	createUaidApp(options: Options): { listen(port: number, host: string): Server };
};
const { createUaidApp: createHonoApp } = (await example('hono/app.ts')) as {
	createUaidApp(options: Options): { fetch(request: Request): Response | Promise<Response> };
};

const MSISDN = '13800138000';

/** Sends a Request somewhere: over HTTP to a listening server, or straight into a Fetch handler. */
type Send = (path: string, init?: RequestInit & { headers?: Record<string, string> }) => Promise<Response>;

const overHttp =
	(base: string): Send =>
	(path, init = {}) =>
		fetch(base + path, init);

const intoFetchHandler =
	(handle: (request: Request) => Response | Promise<Response>, base = 'https://backend.example.com'): Send =>
	(path, init = {}) =>
		Promise.resolve(handle(new Request(base + path, { ...init, headers: { 'x-forwarded-for': '203.0.113.7', ...init.headers } })));

function post(send: Send, path: string, body: unknown, origin = PAGE_ORIGIN): Promise<Response> {
	return send(path, { method: 'POST', headers: { origin, 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

/** What `<cmcc-uaid>` does, against a backend mounted at `basePath`. */
async function runFlow(send: Send, basePath: string, simulator: RunningSimulator): Promise<{ status: number; json: any; traceId: string }> {
	const sign = await post(send, `${basePath}/sign`, {});
	expect(sign.status).toBe(200);
	expect(sign.headers.get('access-control-allow-origin')).toBe(PAGE_ORIGIN);
	const signed = (await sign.json()) as { traceId: string };
	const getMobile = await fetch(simulator.getMobileUrl, {
		method: 'POST',
		headers: { origin: PAGE_ORIGIN, referer: `${PAGE_ORIGIN}/`, 'content-type': 'text/plain;charset=UTF-8' },
		body: JSON.stringify(signed),
	});
	const answer = (await getMobile.json()) as { body: { resultCode: string; token: string } };
	expect(answer.body.resultCode).toBe('103000');
	const validate = await post(send, `${basePath}/validate`, { token: answer.body.token, traceId: signed.traceId });
	return { status: validate.status, json: await validate.json(), traceId: signed.traceId };
}

let simulator: RunningSimulator;
const options = () => ({
	appId: APP_ID,
	appKey: APP_KEY,
	privateKey: KEYS.privateKey,
	allowedOrigins: [PAGE_ORIGIN],
	validateUrl: simulator.validateUrl,
});

beforeAll(async () => {
	simulator = await startTestSimulator();
});
afterAll(async () => {
	await simulator?.close();
});

describe('examples/node-http', () => {
	let server: Server;
	let send: Send;
	beforeAll(async () => {
		server = createUaidServer(options());
		send = overHttp(await listen(server));
	});
	afterAll(() => closeServer(server));

	it('answers the simulator’s UAID for the subscriber at the end of the flow', async () => {
		const { status, json, traceId } = await runFlow(send, '/uaid', simulator);
		expect(status).toBe(200);
		expect(json).toEqual({ uaid: simulator.uaidFor(APP_ID, MSISDN), traceId });
	});

	it('leaves paths outside /uaid to the server’s own 404', async () => {
		const response = await send('/elsewhere');
		expect(response.status).toBe(404);
		expect(await response.text()).toBe('Not found\n');
	});

	it('refuses a page origin that is not in allowedOrigins', async () => {
		const response = await post(send, '/uaid/sign', {}, 'https://evil.example');
		expect(response.status).toBe(403);
		expect(((await response.json()) as any).error.code).toBe('origin-not-allowed');
	});
});

describe('examples/express', () => {
	let server: Server;
	let send: Send;
	beforeAll(async () => {
		server = createExpressApp(options()).listen(0, '127.0.0.1');
		await new Promise((resolve) => server.once('listening', resolve));
		const { port } = server.address() as { port: number };
		send = overHttp(`http://127.0.0.1:${port}`);
	});
	afterAll(() => closeServer(server));

	it('answers the simulator’s UAID under /api/uaid', async () => {
		const { status, json, traceId } = await runFlow(send, '/api/uaid', simulator);
		expect(status).toBe(200);
		expect(json).toEqual({ uaid: simulator.uaidFor(APP_ID, MSISDN), traceId });
	});

	it('hands every other path on to the app’s own routes', async () => {
		const response = await send('/api/health');
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ ok: true });
	});

	it('answers a validate replay with replayed-trace', async () => {
		const first = await runFlow(send, '/api/uaid', simulator);
		expect(first.status).toBe(200);
		const again = await post(send, '/api/uaid/validate', { token: 'H5HTTPS00000000000000000000000000000000', traceId: first.traceId });
		expect(again.status).toBe(409);
		expect(((await again.json()) as any).error.code).toBe('replayed-trace');
	});
});

describe('examples/hono (Fetch-standard runtime)', () => {
	let send: Send;
	beforeAll(() => {
		const app = createHonoApp(options());
		send = intoFetchHandler((request) => app.fetch(request));
	});

	it('answers the simulator’s UAID through app.fetch', async () => {
		const { status, json, traceId } = await runFlow(send, '/api/uaid', simulator);
		expect(status).toBe(200);
		expect(json).toEqual({ uaid: simulator.uaidFor(APP_ID, MSISDN), traceId });
	});

	it('lets the kit answer the CORS preflight (app.all, not app.post)', async () => {
		const response = await send('/api/uaid/sign', {
			method: 'OPTIONS',
			headers: { origin: PAGE_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
		});
		expect(response.status).toBe(204);
		expect(response.headers.get('access-control-allow-origin')).toBe(PAGE_ORIGIN);
	});

	it('keeps its other routes', async () => {
		const response = await send('/api/health');
		expect(await response.json()).toEqual({ ok: true });
	});
});

describe('examples/nextjs route handler', () => {
	let route: { POST(request: Request): Promise<Response>; OPTIONS(request: Request): Promise<Response>; runtime: string; dynamic: string };
	let send: Send;
	const saved = { ...process.env };
	beforeAll(async () => {
		Object.assign(process.env, {
			UAID_APP_ID: APP_ID,
			UAID_APP_KEY: APP_KEY,
			UAID_PRIVATE_KEY: KEYS.privateKey,
			UAID_ALLOWED_ORIGINS: `https://other.example,${PAGE_ORIGIN}`,
			UAID_VALIDATE_URL: simulator.validateUrl,
		});
		route = await example('nextjs/app/api/uaid/[action]/route.ts');
		// What Next.js does with the file: the exported function named after the method gets the Request.
		send = intoFetchHandler((request) => {
			const method = request.method as 'POST' | 'OPTIONS';
			if (method !== 'POST' && method !== 'OPTIONS') return new Response(null, { status: 405 });
			return route[method](request);
		});
	});
	afterAll(() => {
		process.env = saved;
	});

	it('declares the Node.js runtime and no caching', () => {
		expect(route.runtime).toBe('nodejs');
		expect(route.dynamic).toBe('force-dynamic');
	});

	it('answers the simulator’s UAID at /api/uaid/sign and /api/uaid/validate', async () => {
		const { status, json, traceId } = await runFlow(send, '/api/uaid', simulator);
		expect(status).toBe(200);
		expect(json).toEqual({ uaid: simulator.uaidFor(APP_ID, MSISDN), traceId });
	});

	it('reads every allowed origin from UAID_ALLOWED_ORIGINS and refuses others', async () => {
		expect((await post(send, '/api/uaid/sign', {}, 'https://other.example')).status).toBe(200);
		expect((await post(send, '/api/uaid/sign', {}, 'https://third.example')).status).toBe(403);
	});
});
