import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type RunningDemo } from '../../src/demo/demo-server.js';
import { createUaidHandler, toNodeListener, type UaidHandlerOptions } from '../../src/server/index.js';
import type { RunningSimulator } from '../../src/simulator/index.js';
import { APP_ID, APP_KEY, closeServer, KEYS, listen, PAGE_ORIGIN, startTestSimulator } from '../server/support.js';

/**
 * Issue 15 § 1: the request target must never supply the backend's own origin. A request line
 * `POST //evil.com/uaid/sign` once made `http://evil.com` "our own origin", so a page on
 * evil.com got a CORS grant. The own origin now comes from the Host header (or `publicOrigin`).
 */

const EVIL = 'http://evil.com';

interface RawAnswer {
	status: number;
	headers: Record<string, string>;
	body: string;
}

/** Sends one request exactly as written (no client normalises the target), and reads the answer. */
function rawRequest(baseUrl: string, target: string, headers: Record<string, string>, body = '{}'): Promise<RawAnswer> {
	const { hostname, port } = new URL(baseUrl);
	const lines = [
		`POST ${target} HTTP/1.1`,
		...Object.entries({
			host: `${hostname}:${port}`,
			connection: 'close',
			'content-type': 'application/json',
			'content-length': String(Buffer.byteLength(body)),
			...headers,
		}).map(([name, value]) => `${name}: ${value}`),
	];
	return new Promise((resolve, reject) => {
		const socket = connect(Number(port), hostname);
		const chunks: Buffer[] = [];
		socket.on('data', (chunk) => chunks.push(chunk));
		socket.on('error', reject);
		socket.on('end', () => {
			const text = Buffer.concat(chunks).toString('utf8');
			const [head = '', ...rest] = text.split('\r\n\r\n');
			const [statusLine = '', ...headerLines] = head.split('\r\n');
			const parsed: Record<string, string> = {};
			for (const line of headerLines) {
				const colon = line.indexOf(':');
				parsed[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
			}
			resolve({ status: Number(statusLine.split(' ')[1]), headers: parsed, body: rest.join('\r\n\r\n') });
		});
		socket.end(`${lines.join('\r\n')}\r\n\r\n${body}`);
	});
}

/** What an attacker's page on evil.com needs: a 2xx with a CORS grant for its origin. */
function expectNoGrantFor(answer: RawAnswer, origin: string): void {
	expect(answer.headers['access-control-allow-origin']).not.toBe(origin);
	expect(answer.status).not.toBe(200);
}

describe('the backend origin never comes from the request target', () => {
	let simulator: RunningSimulator;
	const kit = (extra: Partial<UaidHandlerOptions> = {}) =>
		createUaidHandler({
			appId: APP_ID,
			appKey: APP_KEY,
			privateKey: KEYS.privateKey,
			allowedOrigins: [PAGE_ORIGIN],
			validateUrl: simulator.validateUrl,
			...extra,
		});

	beforeAll(async () => {
		simulator = await startTestSimulator();
	});
	afterAll(async () => {
		await simulator?.close();
	});

	describe.each([
		['http.createServer(toNodeListener(handler))', () => createServer(toNodeListener(kit()))],
		[
			'Express: app.use(express.json(), toNodeListener(handler))',
			() => {
				const app = express();
				app.use(express.json());
				app.use(toNodeListener(kit()));
				return createServer(app);
			},
		],
		[
			'the Fetch handler behind a runtime that builds request.url naively from the request line',
			() => {
				const handler = kit();
				return createServer((req, res) => {
					const chunks: Buffer[] = [];
					req.on('data', (chunk: Buffer) => chunks.push(chunk));
					req.on('end', () => {
						const headers = new Headers(Object.entries(req.headers).map(([name, value]): [string, string] => [name, String(value)]));
						const request = new Request(new URL(req.url ?? '/', `http://${req.headers.host}`), {
							method: req.method,
							headers,
							body: Buffer.concat(chunks),
						});
						void handler(request).then(async (response) => {
							res.writeHead(response.status, Object.fromEntries(response.headers));
							res.end(Buffer.from(await response.arrayBuffer()));
						});
					});
				});
			},
		],
	] as const)('%s', (_name, makeServer) => {
		let server: Server;
		let url: string;
		beforeAll(async () => {
			server = makeServer();
			url = await listen(server);
		});
		afterAll(async () => {
			await closeServer(server);
		});

		it('refuses a page on evil.com that names its host in a //host request target', async () => {
			for (const path of ['/uaid/sign', '/uaid/validate']) {
				expectNoGrantFor(await rawRequest(url, `//evil.com${path}`, { origin: EVIL }), EVIL);
			}
		});

		// The naive runtime has already turned //evil.com into the URL's host before the kit sees it:
		// only the kit's own adapters read the request line.
		if (!_name.includes('naively')) {
			it('reads //evil.com/uaid/sign as a plain path, which is no endpoint, with or without Origin', async () => {
				const answer = await rawRequest(url, '//evil.com/uaid/sign', {});
				expect(answer.status).toBe(404);
				expect(answer.body).not.toContain('traceId');
			});
		}

		it('refuses a page on evil.com that names its host in an absolute-form request target', async () => {
			expectNoGrantFor(await rawRequest(url, `${EVIL}/uaid/sign`, { origin: EVIL }), EVIL);
		});

		it('still treats the Host header as the own origin, and an allowed origin as allowed', async () => {
			const own = await rawRequest(url, '/uaid/sign', { origin: url });
			expect(own.status).toBe(200);
			expect(own.headers['access-control-allow-origin']).toBe(url);
			const page = await rawRequest(url, '/uaid/sign', { origin: PAGE_ORIGIN });
			expect(page.headers['access-control-allow-origin']).toBe(PAGE_ORIGIN);
		});

		it('refuses evil.com when the Host header itself is evil.com/… (a path in Host names no origin)', async () => {
			expectNoGrantFor(await rawRequest(url, '/uaid/sign', { origin: EVIL, host: 'evil.com/x' }), EVIL);
		});
	});

	it('Fetch handler: a Request whose URL names evil.com but whose Host is ours grants evil.com nothing', async () => {
		const handler = kit();
		const answer = await handler(
			new Request(`${EVIL}/uaid/sign`, { method: 'POST', headers: { host: '127.0.0.1:8080', origin: EVIL }, body: '{}' }),
		);
		expect(answer.status).toBe(403);
		expect(answer.headers.get('access-control-allow-origin')).toBeNull();
		const own = await handler(
			new Request(`${EVIL}/uaid/sign`, {
				method: 'POST',
				headers: { host: '127.0.0.1:8080', origin: 'http://127.0.0.1:8080' },
				body: '{}',
			}),
		);
		expect(own.status).toBe(200);
	});

	it('publicOrigin: the configured origin is the own origin and the Host header is not consulted', async () => {
		const server = createServer(toNodeListener(kit({ publicOrigin: 'https://api.example.com' })));
		const url = await listen(server);
		try {
			// Over plain HTTP, DNS rebinding can make a browser send Host: evil.com with Origin: http://evil.com.
			expectNoGrantFor(await rawRequest(url, '/uaid/sign', { host: 'evil.com', origin: EVIL }), EVIL);
			const configured = await rawRequest(url, '/uaid/sign', { origin: 'https://api.example.com' });
			expect(configured.status).toBe(200);
			expect(configured.headers['access-control-allow-origin']).toBe('https://api.example.com');
		} finally {
			await closeServer(server);
		}
	});

	it('publicOrigin must be an origin only', () => {
		expect(() => kit({ publicOrigin: 'https://api.example.com/uaid' })).toThrow(/^publicOrigin: .* must be an origin only/);
		expect(() => kit({ publicOrigin: 'api.example.com' })).toThrow(/^publicOrigin: .* is not a URL origin/);
	});

	describe('the demo server', () => {
		let demo: RunningDemo;
		beforeAll(async () => {
			demo = await startDemo({ port: 0 });
		});
		afterAll(async () => {
			await demo?.close();
		});

		it('grants evil.com nothing through //evil.com/uaid/sign or an absolute-form target', async () => {
			expectNoGrantFor(await rawRequest(demo.origin, '//evil.com/uaid/sign', { origin: EVIL }), EVIL);
			expectNoGrantFor(await rawRequest(demo.origin, `${EVIL}/uaid/sign`, { origin: EVIL }), EVIL);
			const own = await rawRequest(demo.origin, '/uaid/sign', { origin: demo.origin });
			expect(own.status).toBe(200);
		});
	});
});
