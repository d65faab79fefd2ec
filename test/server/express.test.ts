import { createServer } from 'node:http';
import express from 'express';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUaidHandler, toNodeListener } from '../../src/server/index.js';
import type { RunningSimulator } from '../../src/simulator/index.js';
import { APP_ID, APP_KEY, closeServer, KEYS, listen, PAGE_ORIGIN, postJson, signAndGetToken, startTestSimulator } from './support.js';

describe('in real frameworks', () => {
	let simulator: RunningSimulator;
	const handler = () =>
		createUaidHandler({
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

	it('Express: app.use(toNodeListener(handler)) after express.json(), other routes untouched', async () => {
		const app = express();
		app.use(express.json());
		app.use(toNodeListener(handler()));
		app.get('/health', (_req, res) => {
			res.json({ ok: true });
		});
		const server = createServer(app);
		const url = await listen(server);
		try {
			expect(await (await fetch(`${url}/health`)).json()).toEqual({ ok: true });
			const { signed, token } = await signAndGetToken(url, simulator);
			const ok = await postJson(`${url}/uaid/validate`, { token, traceId: signed.traceId });
			expect(ok.status).toBe(200);
			expect(ok.json.uaid).toBe(simulator.uaidFor(APP_ID, '13800138000'));
			const replay = await postJson(`${url}/uaid/validate`, { token, traceId: signed.traceId });
			expect(replay.json.error.code).toBe('replayed-trace');
			// text/plain passes express.json() by untouched: the kit reads the stream itself.
			const plain = await postJson(`${url}/uaid/validate`, { token: 5 }, { 'content-type': 'text/plain' });
			expect(plain.json.error.code).toBe('bad-request');
		} finally {
			await closeServer(server);
		}
	});

	it('Express: mounted with app.use("/uaid", …)', async () => {
		const app = express();
		app.use('/uaid', toNodeListener(handler()));
		const server = createServer(app);
		const url = await listen(server);
		try {
			const { signed, token } = await signAndGetToken(url, simulator);
			expect((await postJson(`${url}/uaid/validate`, { token, traceId: signed.traceId })).status).toBe(200);
		} finally {
			await closeServer(server);
		}
	});

	it('Hono: app.all("/uaid/*", (c) => handler(c.req.raw))', async () => {
		const kit = handler();
		const app = new Hono();
		app.all('/uaid/*', (c) => kit(c.req.raw));
		const sign = await app.request('http://shop.example/uaid/sign', { method: 'POST', headers: { origin: PAGE_ORIGIN } });
		expect(sign.status).toBe(200);
		const signed = (await sign.json()) as { traceId: string };
		const refused = await app.request('http://shop.example/uaid/validate', {
			method: 'POST',
			headers: { origin: 'https://evil.example' },
			body: JSON.stringify({ token: 'H5HTTPS0', traceId: signed.traceId }),
		});
		expect(refused.status).toBe(403);
	});
});
