/**
 * `toNodeListener(createUaidHandler(…))` reads Node requests directly (no Fetch Request/Response),
 * while the handler itself answers Fetch requests. The same request must get the same answer on
 * both paths, since both call one core.
 */
import { createServer, request as httpRequest, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUaidHandler, ip2regionCoverage, toNodeListener, type UaidHandler } from '../../src/server/index.js';
import { APP_ID, APP_KEY, closeServer, KEYS, listen, PAGE_ORIGIN } from './support.js';

interface Exchange {
	status: number;
	headers: Record<string, string>;
	body: string;
}

/** Raw node:http, so the path is sent exactly as written (fetch would normalise dot segments) and any method goes. */
function send(base: string, path: string, init: { method?: string; headers?: Record<string, string>; body?: string }): Promise<Exchange> {
	return new Promise((resolve, reject) => {
		const req = httpRequest(base + path, { method: init.method ?? 'POST', headers: init.headers }, (res) => {
			let body = '';
			res.setEncoding('utf8');
			res.on('data', (chunk: string) => (body += chunk));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers as Record<string, string>, body }));
		});
		req.on('error', reject);
		req.end(init.body);
	});
}

/** The Fetch handler called in-process with the equivalent Request. */
async function sendFetch(
	handler: UaidHandler,
	base: string,
	path: string,
	init: { method?: string; headers?: Record<string, string>; body?: string },
): Promise<Exchange> {
	const method = init.method ?? 'POST';
	const response = await handler(
		new Request(base + path, {
			method,
			headers: init.headers,
			...(init.body !== undefined && method !== 'GET' ? { body: init.body } : {}),
		}),
	);
	const headers: Record<string, string> = {};
	for (const [name, value] of response.headers) headers[name] = value;
	return { status: response.status, headers, body: await response.text() };
}

/** What must agree: status, the kit's own headers, and the body with the per-call values (traceId, timestamp, sign) blanked. */
function comparable(exchange: Exchange, base: string): unknown {
	const kept = [
		'content-type',
		'cache-control',
		'x-content-type-options',
		'vary',
		'access-control-allow-origin',
		'access-control-allow-methods',
		'access-control-allow-headers',
		'access-control-max-age',
		'allow',
		'retry-after',
	];
	// The backend's own origin differs per server; it is named, not compared.
	const headers = Object.fromEntries(
		kept
			.filter((name) => exchange.headers[name] !== undefined)
			.map((name) => [name, exchange.headers[name] === base ? '(own origin)' : exchange.headers[name]]),
	);
	const body =
		exchange.body === ''
			? ''
			: JSON.parse(exchange.body, (key, value) => (['traceId', 'msgId', 'timestamp', 'sign'].includes(key) ? '…' : value));
	return { status: exchange.status, headers, body };
}

const json = { 'content-type': 'application/json', origin: PAGE_ORIGIN };
const CASES: [string, string, { method?: string; headers?: Record<string, string>; body?: string }][] = [
	['sign, empty object', '/uaid/sign', { headers: json, body: '{}' }],
	['sign, empty body', '/uaid/sign', { headers: { origin: PAGE_ORIGIN }, body: '' }],
	[
		'sign, text/plain as the element sends it',
		'/uaid/sign',
		{ headers: { 'content-type': 'text/plain;charset=UTF-8', origin: PAGE_ORIGIN }, body: '{"expandParams":{"channel":"h5"}}' },
	],
	['sign, an expandParams key not allowed', '/uaid/sign', { headers: json, body: '{"expandParams":{"other":"x"}}' }],
	['sign, not JSON', '/uaid/sign', { headers: json, body: '{"expandParams":' }],
	['sign, invalid UTF-8 is refused the same way', '/uaid/sign', { headers: json, body: '\u00ff' }],
	['sign, over maxBodyBytes', '/uaid/sign', { headers: json, body: JSON.stringify({ pad: 'x'.repeat(5000) }) }],
	['sign, an origin not allowed', '/uaid/sign', { headers: { ...json, origin: 'https://evil.example' }, body: '{}' }],
	['sign, the backend’s own origin', '/uaid/sign', { headers: { ...json, origin: '__OWN__' }, body: '{}' }],
	['sign, no origin', '/uaid/sign', { headers: { 'content-type': 'application/json' }, body: '{}' }],
	['preflight', '/uaid/sign', { method: 'OPTIONS', headers: { origin: PAGE_ORIGIN, 'access-control-request-method': 'POST' } }],
	['preflight without origin', '/uaid/validate', { method: 'OPTIONS' }],
	['GET', '/uaid/sign', { method: 'GET', headers: { origin: PAGE_ORIGIN } }],
	['unknown path', '/uaid/nothing', { headers: json, body: '{}' }],
	['dot segment normalised', '/uaid/x/../sign', { headers: json, body: '{}' }],
	['percent-encoded path is not the endpoint', '/uaid/%73ign', { headers: json, body: '{}' }],
	['query string ignored', '/uaid/sign?x=1', { headers: json, body: '{}' }],
	['validate, missing token', '/uaid/validate', { headers: json, body: '{"traceId":"abcdefghijklmnopqrstuvwxyz012345"}' }],
	[
		'validate, unknown traceId',
		'/uaid/validate',
		{ headers: json, body: '{"token":"H5HTTPSAAAA","traceId":"abcdefghijklmnopqrstuvwxyz012345"}' },
	],
	['validate, array body', '/uaid/validate', { headers: json, body: '[]' }],
	['coverage, GET', '/uaid/coverage', { method: 'GET', headers: { origin: PAGE_ORIGIN, 'x-forwarded-for': '117.136.12.79' } }],
	['coverage, POST with a body it ignores', '/uaid/coverage', { headers: { ...json, 'x-forwarded-for': '112.96.0.1' }, body: '{"x":1}' }],
	['coverage, no address', '/uaid/coverage', { method: 'GET', headers: { origin: PAGE_ORIGIN } }],
	[
		'coverage, an origin not allowed',
		'/uaid/coverage',
		{ method: 'GET', headers: { origin: 'https://evil.example', 'x-forwarded-for': '117.136.12.79' } },
	],
	[
		'coverage, preflight',
		'/uaid/coverage',
		{ method: 'OPTIONS', headers: { origin: PAGE_ORIGIN, 'access-control-request-method': 'GET' } },
	],
	['coverage, PUT', '/uaid/coverage', { method: 'PUT', headers: { origin: PAGE_ORIGIN } }],
];

describe('the Node-native path answers exactly as the Fetch handler', () => {
	let handler: UaidHandler;
	let nativeServer: Server;
	let native: string;

	beforeAll(async () => {
		handler = createUaidHandler({
			appId: APP_ID,
			appKey: APP_KEY,
			privateKey: KEYS.privateKey,
			allowedOrigins: [PAGE_ORIGIN],
			allowedExpandParams: ['channel'],
			validateUrl: 'http://127.0.0.1:9/none',
			rateLimit: false,
			clientIp: { header: 'x-forwarded-for' },
			coverage: ip2regionCoverage(),
		});
		nativeServer = createServer(toNodeListener(handler));
		native = await listen(nativeServer);
	});
	afterAll(async () => {
		await closeServer(nativeServer);
	});

	it.each(CASES)('%s', async (_name, path, init) => {
		const forBase = (base: string) => ({
			...init,
			...(init.headers
				? { headers: Object.fromEntries(Object.entries(init.headers).map(([k, v]) => [k, v === '__OWN__' ? base : v])) }
				: {}),
		});
		const viaNative = await send(native, path, forBase(native));
		const viaFetch = await sendFetch(handler, native, path, forBase(native));
		expect(comparable(viaNative, native)).toEqual(comparable(viaFetch, native));
		// The native path declares the length: no chunked encoding for a few hundred bytes.
		if (viaNative.body !== '') expect(viaNative.headers['content-length']).toBe(String(Buffer.byteLength(viaNative.body)));
	});

	it('refuses a function wrapping the handler: it has no kit behind it, so the Node path would be a second engine', () => {
		const wrapped = Object.assign((request: Request) => handler(request), { basePath: handler.basePath });
		expect(() => toNodeListener(wrapped as unknown as UaidHandler)).toThrow(/takes the handler createUaidHandler returns/);
	});

	it('a client that goes away mid-body costs nothing, and the server keeps answering', async () => {
		await new Promise<void>((resolve) => {
			const req = httpRequest(`${native}/uaid/sign`, { method: 'POST', headers: { ...json, 'content-length': '1000' } });
			req.on('error', () => resolve());
			req.write('{"expandParams":');
			setTimeout(() => req.destroy(), 50);
			req.on('close', () => resolve());
		});
		const after = await send(native, '/uaid/sign', { headers: json, body: '{}' });
		expect(after.status).toBe(200);
	});

	it('a body a parser already read is used, and still limited', async () => {
		const server = createServer((req, res) => {
			const parsed = req as typeof req & { body?: unknown; _body?: boolean };
			let text = '';
			req.setEncoding('utf8');
			req.on('data', (chunk: string) => (text += chunk));
			req.on('end', () => {
				parsed.body = JSON.parse(text);
				parsed._body = true;
				toNodeListener(handler)(req, res);
			});
		});
		const base = await listen(server);
		try {
			const body = '{"expandParams":{"channel":"h5"}}';
			const ok = await send(base, '/uaid/sign', { headers: json, body });
			expect(ok.status).toBe(200);
			const unparsed = await send(native, '/uaid/sign', { headers: json, body });
			expect(JSON.parse(ok.body).expandParams).toBe(JSON.parse(unparsed.body).expandParams);
			expect(JSON.parse(ok.body).expandParams).toContain('h5');
			const big = await send(base, '/uaid/sign', { headers: json, body: JSON.stringify({ pad: 'x'.repeat(5000) }) });
			expect(JSON.parse(big.body).error.code).toBe('payload-too-large');
		} finally {
			await closeServer(server);
		}
	});
});
