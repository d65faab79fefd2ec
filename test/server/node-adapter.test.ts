import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createUaidHandler, toNodeListener } from '../../src/server/index.js';
import type { NodeListener } from '../../src/server/adapters/node-listener.js';
import { APP_ID, APP_KEY, closeServer, KEYS, listen, PAGE_ORIGIN, postJson } from './support.js';

type Middleware = (
	req: IncomingMessage & { body?: unknown; _body?: boolean; originalUrl?: string },
	res: ServerResponse,
	next: (error?: unknown) => void,
) => void;

/** The few lines of Connect: run middlewares in order, each calling next() to pass on. */
function connectLike(middlewares: Middleware[]) {
	return createServer((req, res) => {
		let index = 0;
		const next = (error?: unknown): void => {
			if (error) {
				res.writeHead(500).end('middleware error');
				return;
			}
			const middleware = middlewares[index++];
			if (middleware) middleware(req, res, next);
			else res.writeHead(404, { 'content-type': 'text/plain' }).end('fell through');
		};
		next();
	});
}

/** What express.json() does: read the body, parse it, mark the request parsed. */
const jsonBodyParser: Middleware = (req, _res, next) => {
	let text = '';
	req.setEncoding('utf8');
	req.on('data', (chunk: string) => (text += chunk));
	req.on('end', () => {
		req.body = text ? JSON.parse(text) : {};
		req._body = true;
		next();
	});
};

/** What Express does to `app.use('/uaid', mw)`: req.url loses the mount path, originalUrl keeps it. */
const mountAt =
	(prefix: string, middleware: NodeListener): Middleware =>
	(req, res, next) => {
		if (!req.url?.startsWith(prefix)) return next();
		req.originalUrl = req.url;
		req.url = req.url.slice(prefix.length) || '/';
		middleware(req, res, next);
	};

describe('toNodeListener as Express/Connect middleware', () => {
	const handler = () => createUaidHandler({ appId: APP_ID, appKey: APP_KEY, privateKey: KEYS.privateKey, allowedOrigins: [PAGE_ORIGIN] });

	it('passes paths outside basePath on to next() and serves its own', async () => {
		const server = connectLike([
			toNodeListener(handler()),
			(_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('app route'),
		]);
		const url = await listen(server);
		try {
			expect(await (await fetch(`${url}/products`)).text()).toBe('app route');
			expect(await (await fetch(`${url}/uaidx/sign`, { method: 'POST' })).text()).toBe('app route');
			const sign = await postJson(`${url}/uaid/sign`, {});
			expect(sign.status).toBe(200);
			const unknown = await postJson(`${url}/uaid/nothing`, {});
			expect(unknown.json.error.code).toBe('not-found');
		} finally {
			await closeServer(server);
		}
	});

	it('uses the body a JSON body parser already read, and still refuses a malformed one', async () => {
		const server = connectLike([jsonBodyParser, toNodeListener(handler())]);
		const url = await listen(server);
		try {
			const sign = await postJson(`${url}/uaid/sign`, {});
			expect(sign.status).toBe(200);
			const bad = await postJson(`${url}/uaid/validate`, { token: 7, traceId: sign.json.traceId });
			expect(bad.status).toBe(400);
			expect(bad.json.error.code).toBe('bad-request');
			const unknown = await postJson(`${url}/uaid/validate`, {
				token: 'H5HTTPS0123456789ABCDEF0123456789ABCDEF',
				traceId: 'abcdefghijklmnopqrstuvwxyz012345',
			});
			expect(unknown.json.error.code).toBe('unknown-trace');
		} finally {
			await closeServer(server);
		}
	});

	it('answers (rather than hangs) when a middleware consumed the body and kept nothing', async () => {
		const swallow: Middleware = (req, _res, next) => {
			req.resume();
			req.on('end', () => next());
		};
		const server = connectLike([swallow, toNodeListener(handler())]);
		const url = await listen(server);
		try {
			const result = await postJson(`${url}/uaid/validate`, {
				token: 'H5HTTPS0123456789ABCDEF0123456789ABCDEF',
				traceId: 'abcdefghijklmnopqrstuvwxyz012345',
			});
			expect(result.status).toBe(400);
			expect(result.json.error.code).toBe('bad-request');
		} finally {
			await closeServer(server);
		}
	});

	it('works mounted under a path, reading originalUrl', async () => {
		const server = connectLike([mountAt('/uaid', toNodeListener(handler()))]);
		const url = await listen(server);
		try {
			expect((await postJson(`${url}/uaid/sign`, {})).status).toBe(200);
			expect((await postJson(`${url}/uaid/validate`, {})).json.error.code).toBe('bad-request');
		} finally {
			await closeServer(server);
		}
	});
});

describe('the Fetch handler on its own (Next.js, Hono, Bun, Deno)', () => {
	it('answers a Request with a Response, with no Node server involved', async () => {
		const handler = createUaidHandler({ appId: APP_ID, appKey: APP_KEY, privateKey: KEYS.privateKey, basePath: '/api/uaid/' });
		expect(handler.basePath).toBe('/api/uaid');
		const response = await handler(
			new Request('https://shop.example/api/uaid/sign', { method: 'POST', headers: { origin: 'https://shop.example' } }),
		);
		expect(response.status).toBe(200);
		expect(((await response.json()) as { appId: string }).appId).toBe(APP_ID);
	});

	it('takes the client IP from a function where there is no socket', async () => {
		const handler = createUaidHandler({
			appId: APP_ID,
			appKey: APP_KEY,
			privateKey: KEYS.privateKey,
			rateLimit: { limit: 1 },
			clientIp: (request) => request.headers.get('x-real-ip') ?? undefined,
		});
		const call = (ip: string) => handler(new Request('https://shop.example/uaid/sign', { method: 'POST', headers: { 'x-real-ip': ip } }));
		expect((await call('10.0.0.1')).status).toBe(200);
		expect((await call('10.0.0.1')).status).toBe(429);
		expect((await call('10.0.0.2')).status).toBe(200);
	});

	it('refuses bad options at construction, naming them but never echoing the key', () => {
		expect(() => createUaidHandler({ appId: '', appKey: APP_KEY, privateKey: KEYS.privateKey })).toThrow(/appId/);
		expect(() => createUaidHandler({ appId: APP_ID, appKey: '', privateKey: KEYS.privateKey })).toThrow(/appKey/);
		expect(() => createUaidHandler({ appId: APP_ID, appKey: APP_KEY, privateKey: 'not a key!' })).toThrow(
			expect.objectContaining({ name: 'UaidServerError', code: 'invalid-option', message: expect.stringMatching(/^privateKey: /) }),
		);
		expect(() =>
			createUaidHandler({ appId: APP_ID, appKey: APP_KEY, privateKey: KEYS.privateKey, allowedOrigins: ['https://m.example.com/path'] }),
		).toThrow(/origin only/);
		expect(() => createUaidHandler({ appId: APP_ID, appKey: APP_KEY, privateKey: KEYS.privateKey, basePath: 'uaid' })).toThrow(/basePath/);
		expect(() => createUaidHandler({ appId: APP_ID, appKey: APP_KEY, privateKey: KEYS.privateKey, timeoutMs: -1 })).toThrow(/timeoutMs/);
		expect(() => createUaidHandler({ appId: APP_ID, appKey: APP_KEY, privateKey: KEYS.privateKey, retries: 0.5 })).toThrow(/retries/);
		expect(() => createUaidHandler({ appId: APP_ID, appKey: APP_KEY, privateKey: KEYS.privateKey, rateLimit: { limit: 0 } })).toThrow(
			/rateLimit.limit/,
		);
		expect(() =>
			createUaidHandler({ appId: APP_ID, appKey: APP_KEY, privateKey: KEYS.privateKey, signatureAlgorithm: 'sha1' as never }),
		).toThrow(/signatureAlgorithm/);
		expect(() => createUaidHandler({ appId: APP_ID, appKey: APP_KEY, privateKey: KEYS.privateKey, validateUrl: '/relative' })).toThrow(
			/validateUrl/,
		);
		let thrown: unknown;
		try {
			createUaidHandler({ appId: APP_ID, appKey: APP_KEY, privateKey: KEYS.privateKey.slice(0, 200) });
		} catch (error) {
			thrown = error;
		}
		expect(thrown).toMatchObject({ code: 'invalid-option', cause: { code: 'invalid-key' } });
		expect((thrown as Error).message).not.toContain(KEYS.privateKey.slice(0, 50));
	});
});
