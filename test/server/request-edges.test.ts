/**
 * Edges of what reaches the kit (issue 30): a proxy header that is not a bare IP, a `hops` that
 * cannot work, an oversized upload, and HTTP/2's `:authority`.
 */
import { connect as connectHttp2, createServer as createHttp2Server, type Http2Server } from 'node:http2';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createUaidHandler, toNodeListener } from '../../src/server/index.js';
import type { RunningSimulator } from '../../src/simulator/index.js';
import { APP_ID, APP_KEY, KEYS, PAGE_ORIGIN, postJson, startKit, startTestSimulator } from './support.js';

let simulator: RunningSimulator;
beforeAll(async () => {
	simulator = await startTestSimulator();
});
afterAll(async () => {
	await simulator?.close();
});

describe('clientIp: { header, hops }', () => {
	it('drops a port a proxy appended, so IP:port is one client, not a fresh bucket per connection', async () => {
		const kit = await startKit({
			validateUrl: simulator.validateUrl,
			clientIp: { header: 'x-forwarded-for', hops: 1 },
			rateLimit: { limit: 2 },
		});
		try {
			const statuses = [];
			for (const port of [40001, 40002, 40003])
				statuses.push((await postJson(`${kit.url}/uaid/sign`, {}, { 'x-forwarded-for': `203.0.113.5:${port}` })).status);
			expect(statuses).toEqual([200, 200, 429]);
			expect(kit.logs.at(-1)?.clientIp).toBe('203.0.113.5');
			expect((await postJson(`${kit.url}/uaid/sign`, {}, { 'x-forwarded-for': '[2001:db8::5]:40001' })).status).toBe(200);
			expect(kit.logs.at(-1)?.clientIp).toBe('2001:db8::5');
		} finally {
			await kit.close();
		}
	});

	it('reads a value that is not an IP as unknown, and says so once', async () => {
		const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
		const kit = await startKit({ validateUrl: simulator.validateUrl, clientIp: { header: 'x-real-ip', hops: 1 } });
		try {
			for (const value of ['not-an-ip', 'evil.example', '203.0.113.5.6']) {
				expect((await postJson(`${kit.url}/uaid/sign`, {}, { 'x-real-ip': value })).status).toBe(200);
				expect(kit.logs.at(-1)?.clientIp, value).toBe('unknown');
			}
			const warnings = warn.mock.calls.filter(([text]) => String(text).includes('is not an IP address'));
			expect(warnings.length).toBeLessThanOrEqual(1);
		} finally {
			warn.mockRestore();
			await kit.close();
		}
	});

	it('refuses a hops that is not an integer from 1 to 10 at start-up', () => {
		for (const hops of [0, -1, 1.5, 99, Number.NaN]) {
			expect(
				() =>
					createUaidHandler({ appId: APP_ID, appKey: APP_KEY, privateKey: KEYS.privateKey, clientIp: { header: 'x-forwarded-for', hops } }),
				String(hops),
			).toThrow(
				expect.objectContaining({ name: 'UaidServerError', code: 'invalid-option', message: expect.stringContaining('clientIp.hops') }),
			);
		}
		expect(() => createUaidHandler({ appId: APP_ID, appKey: APP_KEY, privateKey: KEYS.privateKey, clientIp: { header: '' } })).toThrow(
			expect.objectContaining({ code: 'invalid-option' }),
		);
	});
});

describe('an oversized upload', () => {
	it('is answered 413 with Connection: close, and the connection ends without the rest being read', async () => {
		const kit = await startKit({ validateUrl: simulator.validateUrl });
		try {
			const { hostname, port } = new URL(kit.url);
			const socket = connect(Number(port), hostname);
			let received = '';
			socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
			socket.on('error', () => undefined);
			const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
			// Announces 10 MB, sends 16 KiB: a server that kept reading would wait for the rest until its timeout.
			socket.write(
				`POST /uaid/sign HTTP/1.1\r\nHost: ${hostname}:${port}\r\nOrigin: ${PAGE_ORIGIN}\r\nContent-Type: application/json\r\nContent-Length: 10000000\r\n\r\n`,
			);
			socket.write('x'.repeat(16 * 1024));
			await closed;
			expect(received).toMatch(/^HTTP\/1\.1 413 /);
			expect(received.toLowerCase()).toContain('connection: close');
			expect(received).toContain('payload-too-large');
		} finally {
			await kit.close();
		}
	});

	it('without a declared length (chunked), the same', async () => {
		const kit = await startKit({ validateUrl: simulator.validateUrl });
		try {
			const { hostname, port } = new URL(kit.url);
			const socket = connect(Number(port), hostname);
			let received = '';
			socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
			socket.on('error', () => undefined);
			const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
			socket.write(`POST /uaid/sign HTTP/1.1\r\nHost: ${hostname}:${port}\r\nOrigin: ${PAGE_ORIGIN}\r\nTransfer-Encoding: chunked\r\n\r\n`);
			socket.write(`2000\r\n${'x'.repeat(0x2000)}\r\n`);
			await closed;
			expect(received).toMatch(/^HTTP\/1\.1 413 /);
			expect(received.toLowerCase()).toContain('connection: close');
		} finally {
			await kit.close();
		}
	});
});

describe('under node:http2', () => {
	it('reads the own origin from :authority, not from a host header the client wrote', async () => {
		const handler = createUaidHandler({
			appId: APP_ID,
			appKey: APP_KEY,
			privateKey: KEYS.privateKey,
			validateUrl: simulator.validateUrl,
			logger: false,
		});
		const server: Http2Server = createHttp2Server(toNodeListener(handler) as never);
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const port = (server.address() as { port: number }).port;
		const own = `http://127.0.0.1:${port}`;
		const session = connectHttp2(own);
		const sign = (headers: Record<string, string>): Promise<number> =>
			new Promise((resolve, reject) => {
				const stream = session.request({ ':method': 'POST', ':path': '/uaid/sign', 'content-type': 'application/json', ...headers });
				stream.on('response', (answer) => resolve(Number(answer[':status'])));
				stream.on('error', reject);
				stream.resume();
				stream.end('{}');
			});
		try {
			// The page on the backend's own origin: allowed by :authority alone.
			expect(await sign({ origin: own })).toBe(200);
			// A host header naming another origin does not make that origin our own.
			expect(await sign({ origin: 'http://evil.example', ':authority': `127.0.0.1:${port}`, host: 'evil.example' })).toBe(403);
			// And the own origin is the authority's even when a host header names another.
			expect(await sign({ origin: own, ':authority': `127.0.0.1:${port}`, host: 'evil.example' })).toBe(200);
		} finally {
			session.close();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		}
	});
});
