/**
 * The stack the fault matrix runs against, all on 127.0.0.1 with free ports: the simulator, a
 * redis-server of its own, and a backend built on the server kit with its replay/rate-limit store
 * in that Redis, serving the script-tag page (the built `dist/cmcc-uaid.iife.js`) from its origin.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { test as base, expect, type Page } from '@playwright/test';
import { Redis } from 'ioredis';
import { startRedis, type Child } from '../tools/children.js';
import { generateRsaKeyPair } from '../src/protocol/node/index.js';
import { createRedisStore, createUaidHandler, toNodeListener } from '../src/server/index.js';
import { startSimulator, type RunningSimulator } from '../src/simulator/index.js';

const APP_ID = '300011580392';
const APP_KEY = 'faults-appkey-not-a-secret';
const MSISDN = '13800138000';
const IIFE = fileURLToPath(new URL('../dist/cmcc-uaid.iife.js', import.meta.url));

/** Time the page gives each request, and time the backend gives the platform: the latencies injected exceed them. */
export const CLIENT_TIMEOUT_MS = 3_000;
export const BACKEND_PLATFORM_TIMEOUT_MS = 1_500;

export interface FaultStack {
	readonly url: string;
	readonly simulator: RunningSimulator;
	readonly expectedUaid: string;
	setBackendDown(down: boolean): void;
	stopRedis(): Promise<void>;
	startRedis(): Promise<void>;
	/** Resolves once the backend's Redis client is connected again. */
	redisReady(): Promise<void>;
	close(): Promise<void>;
}

function page(tokenUrl: string): string {
	return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>faults</title><script src="/cmcc-uaid.iife.js"></script></head>
<body><cmcc-uaid lang="en" sign-url="/uaid/sign" validate-url="/uaid/validate" token-url="${tokenUrl}" timeout="${CLIENT_TIMEOUT_MS}" prefetch="none"></cmcc-uaid></body></html>`;
}

let bundleCache: Buffer | undefined;

async function startFaultStack(): Promise<FaultStack> {
	// Read first (and once per worker): a missing build must fail before anything is started that would then be left running.
	bundleCache ??= await readFile(IIFE);
	const bundle = bundleCache;
	const keys = generateRsaKeyPair({ bits: 1024 });
	const simulator = await startSimulator({
		config: { apps: [{ appId: APP_ID, appKey: APP_KEY, publicKey: keys.publicKey }], network: { mode: 'cellular', msisdn: MSISDN } },
	});
	let redis: Child;
	try {
		redis = await startRedis();
	} catch (error) {
		await simulator.close();
		throw error;
	}
	const redisPort = redis.port;
	// The settings SECURITY.md recommends: fail fast while Redis is away instead of queueing commands, reconnect quickly.
	const client = new Redis({
		host: '127.0.0.1',
		port: redisPort,
		enableOfflineQueue: false,
		maxRetriesPerRequest: 1,
		retryStrategy: () => 100,
	});
	client.on('error', () => undefined);
	const handler = createUaidHandler({
		appId: APP_ID,
		appKey: APP_KEY,
		privateKey: keys.privateKey,
		validateUrl: simulator.validateUrl,
		store: createRedisStore(client, { prefix: 'faults:' }),
		timeoutMs: BACKEND_PLATFORM_TIMEOUT_MS,
	});
	const backend = toNodeListener(handler);
	let backendDown = false;
	const html = page(simulator.getMobileUrl);
	const server: Server = createServer((request, response) => {
		const path = new URL(request.url ?? '/', 'http://x').pathname;
		if (path.startsWith('/uaid/')) {
			if (backendDown) {
				request.socket.destroy();
				return;
			}
			backend(request, response);
			return;
		}
		if (path === '/cmcc-uaid.iife.js') {
			response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(bundle);
			return;
		}
		if (path === '/') {
			response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
			return;
		}
		response.writeHead(404).end();
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
	return {
		url,
		simulator,
		expectedUaid: simulator.uaidFor(APP_ID, MSISDN),
		setBackendDown: (down) => {
			backendDown = down;
		},
		stopRedis: () => redis.stop(),
		async startRedis() {
			redis = await startRedis(redisPort);
		},
		async redisReady() {
			for (let i = 0; i < 200 && client.status !== 'ready'; i++) await new Promise((resolve) => setTimeout(resolve, 50));
			if (client.status !== 'ready') throw new Error(`the backend's Redis client did not reconnect (status ${client.status})`);
		},
		async close() {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
			client.disconnect();
			await redis.stop();
			await simulator.close();
		},
	};
}

export const test = base.extend<{ stack: FaultStack }>({
	stack: async ({}, use) => {
		const stack = await startFaultStack();
		await use(stack);
		await stack.close();
	},
});
export { expect };

export interface Outcome {
	type: 'uaid-success' | 'uaid-error';
	detail: Record<string, unknown>;
}

/**
 * Records outcome events, and every request the page starts and ends, so a test can tell that
 * nothing is left hanging once the outcome is in.
 */
export async function instrument(page: Page): Promise<{ pending(): number }> {
	await page.addInitScript(() => {
		const w = window as unknown as { __outcomes: unknown[] };
		w.__outcomes = [];
		for (const type of ['uaid-success', 'uaid-error'])
			document.addEventListener(type, (event) => w.__outcomes.push({ type, detail: { ...(event as Event & { detail: object }).detail } }));
	});
	const open = new Set<unknown>();
	page.on('request', (request) => open.add(request));
	page.on('requestfinished', (request) => open.delete(request));
	page.on('requestfailed', (request) => open.delete(request));
	return { pending: () => open.size };
}

/** Clicks the button (or the retry button after an error) and waits for the next outcome. */
export async function runOnce(page: Page, via: 'button' | 'retry'): Promise<Outcome> {
	const before = await page.evaluate(() => (window as unknown as { __outcomes: unknown[] }).__outcomes.length);
	await page
		.locator('cmcc-uaid')
		.locator(via === 'button' ? '[part="button"]' : '[part="retry-button"]')
		.click();
	await page.waitForFunction((n) => (window as unknown as { __outcomes: unknown[] }).__outcomes.length > n, before);
	return page.evaluate((n) => (window as unknown as { __outcomes: Outcome[] }).__outcomes[n]!, before);
}
