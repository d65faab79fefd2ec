/**
 * Which connection each request takes, per engine: a page that preconnects (`crossorigin`) to a
 * second origin, then fetches from it and from its own origin, 300 ms apart, GET, POST and PUT,
 * through the delaying proxy with its trace on. It showed that WebKitGTK (libsoup) sends every POST
 * on a new connection while GET and PUT reuse an idle one, the preconnected one included
 * (docs/performance.md, "Click to UAID in Firefox and WebKit").
 *
 *   npx tsx bench/click/connection-reuse.ts webkit   # or firefox, chromium
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import puppeteer from 'puppeteer-core';
import { freePort } from '../../tools/children.js';
import { findChromium } from '../../tools/find-chromium.js';
import { findFirefox, findWebKit } from '../../tools/find-engines.js';
import { waitForDriver, WebDriverSession } from '../../tools/webdriver-client.js';
import { DelayProxy, traceMark } from './delay-proxy.js';

process.env.BENCH_PROXY_TRACE = '1';
const engine = process.argv[2] ?? 'webkit';

async function listen(handler: RequestListener): Promise<string> {
	const server = createServer(handler);
	server.keepAliveTimeout = 60_000;
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const other = await DelayProxy.start(
	await listen((request, response) => {
		request.resume().on('end', () => {
			response.writeHead(200, {
				'access-control-allow-origin': request.headers.origin ?? '*',
				'access-control-allow-methods': 'PUT',
				'content-type': 'text/plain',
			});
			response.end('ok');
		});
	}),
	100,
);
const steps = [
	[`${other.url}/other/get-first`, 'GET'],
	[`${other.url}/other/post-1`, 'POST'],
	[`${other.url}/other/get-2`, 'GET'],
	[`${other.url}/other/post-3`, 'POST'],
	[`${other.url}/other/put-4`, 'PUT'],
	['/own/post-1', 'POST'],
	['/own/get-2', 'GET'],
	['/own/post-3', 'POST'],
	['/own/put-4', 'PUT'],
];
const script = `window.done = (async () => {
	await new Promise((resolve) => setTimeout(resolve, 1500));
	for (const [url, method] of ${JSON.stringify(steps)}) {
		const init = method === 'GET' ? {} : { method, body: '{}' };
		await (await fetch(url, { ...init, credentials: 'omit', cache: 'no-store' })).text();
		await new Promise((resolve) => setTimeout(resolve, 300));
	}
	return 'done';
})().then((value) => (window.result = value), (error) => (window.result = String(error)));`;
const own = await DelayProxy.start(
	await listen((request, response) => {
		request.resume().on('end', () => {
			const page = `<!doctype html><link rel="preconnect" href="${other.url}" crossorigin><link rel="icon" href="data:,"><script>${script}</script>`;
			response.writeHead(200, { 'content-type': request.url === '/' ? 'text/html' : 'text/plain' });
			response.end(request.url === '/' ? page : 'ok');
		});
	}),
	100,
);
traceMark(`${engine}: page ${own.url}, preconnected origin ${other.url}`);

const READ = 'return window.result ?? null';
async function outcome(read: () => Promise<unknown>): Promise<unknown> {
	for (let i = 0; i < 300; i++) {
		const value = await read();
		if (value) return value;
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	return 'no result within 30 s';
}

if (engine === 'webkit') {
	const tools = findWebKit();
	if (!tools.driver || !tools.miniBrowser || !tools.xvfbRun) throw new Error('apt-get install webkit2gtk-driver xvfb xauth');
	const port = await freePort();
	const driver = spawn(tools.xvfbRun, ['-a', tools.driver, `--port=${port}`], { detached: true, stdio: 'ignore' });
	try {
		await waitForDriver(`http://127.0.0.1:${port}`, 60_000);
		const session = await WebDriverSession.create(`http://127.0.0.1:${port}`, {
			'webkitgtk:browserOptions': { binary: tools.miniBrowser, args: ['--automation'] },
		});
		await session.navigate(`${own.url}/`);
		traceMark(`webkit: ${String(await outcome(() => session.execute(READ)))}`);
		await session.close();
	} finally {
		if (driver.pid !== undefined) process.kill(-driver.pid, 'SIGTERM');
	}
} else if (engine === 'firefox') {
	const browser = await puppeteer.launch({
		browser: 'firefox',
		executablePath: findFirefox(),
		headless: true,
		extraPrefsFirefox: { 'network.http.speculative-parallel-limit': 6 },
	});
	const page = await browser.newPage();
	await page.goto(`${own.url}/`);
	traceMark(`firefox: ${String(await outcome(() => page.evaluate(READ.replace('return ', ''))))}`);
	await browser.close();
} else {
	const dir = mkdtempSync(join(tmpdir(), 'cmcc-uaid-reuse-'));
	const executablePath = findChromium();
	const context = await chromium.launchPersistentContext(dir, executablePath ? { executablePath } : {});
	const page = await context.newPage();
	await page.goto(`${own.url}/`);
	traceMark(`chromium: ${String(await outcome(() => page.evaluate(READ.replace('return ', ''))))}`);
	await context.close();
	rmSync(dir, { recursive: true, force: true });
}
await Promise.all([own.close(), other.close()]);
process.exit(0);
