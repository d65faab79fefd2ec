/**
 * The README's CDN set-up, end to end: the script-tag bundle loaded cross-origin with the
 * `integrity` hash that `scripts/sri.mjs` prints, on a page whose Content-Security-Policy is
 * exactly the README's directives, runs the flow without a single violation; a wrong hash is refused.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumLaunchOptions } from '../../tools/find-chromium.js';
import { createUaidHandler, toNodeListener } from '../../src/server/index.js';
import { DEMO_PRIVATE_KEY, demoSimulatorConfig, startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { DEMO_APP_ID, DEMO_APP_KEY } from '../../src/simulator/demo-app.js';
import { DEFAULT_MSISDN } from '../../src/simulator/network.js';

const run = promisify(execFile);
const repo = fileURLToPath(new URL('../../', import.meta.url));
const bundlePath = fileURLToPath(new URL('../../dist/cmcc-uaid.iife.js', import.meta.url));

/** The CSP an integrator needs for the element (README, "Content-Security-Policy"), with this test's origins for the CDN and getMobile. */
function integratorCsp(cdnOrigin: string, getMobileOrigin: string): string {
	return `default-src 'none'; script-src ${cdnOrigin}; connect-src 'self' ${getMobileOrigin}`;
}

async function listen(server: Server): Promise<string> {
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

let integrity: string;
let simulator: RunningSimulator;
let cdn: Server;
let site: Server;
let cdnOrigin: string;
let siteOrigin: string;
let browser: Browser;

beforeAll(async () => {
	if (!existsSync(bundlePath)) throw new Error('dist/cmcc-uaid.iife.js is missing: run `npm run build` first.');
	const { stdout } = await run(process.execPath, ['scripts/sri.mjs'], { cwd: repo });
	integrity = /sha384-[A-Za-z0-9+/]+=*/.exec(stdout)![0];
	simulator = await startSimulator({ config: demoSimulatorConfig() });
	cdn = createServer((_request, response) => {
		// CDNs answer with CORS: a crossorigin="anonymous" script needs it for the integrity check.
		response.writeHead(200, { 'content-type': 'text/javascript', 'access-control-allow-origin': '*' }).end(readFileSync(bundlePath));
	});
	cdnOrigin = await listen(cdn);
	const backend = toNodeListener(
		createUaidHandler({ appId: DEMO_APP_ID, appKey: DEMO_APP_KEY, privateKey: DEMO_PRIVATE_KEY, validateUrl: simulator.validateUrl }),
	);
	site = createServer((request, response) => {
		backend(request, response, () => {
			if (request.url === '/favicon.ico') return response.writeHead(404).end();
			const hash = new URL(request.url ?? '/', 'http://x').searchParams.get('integrity') ?? integrity;
			response.writeHead(200, {
				'content-type': 'text/html; charset=utf-8',
				'content-security-policy': integratorCsp(cdnOrigin, new URL(simulator.getMobileUrl).origin),
			});
			response.end(`<!doctype html><meta charset="utf-8"><title>CDN</title>
<script src="${cdnOrigin}/npm/cmcc-uaid/dist/cmcc-uaid.iife.js" integrity="${hash}" crossorigin="anonymous"></script>
<cmcc-uaid token-url="${simulator.getMobileUrl}"></cmcc-uaid>`);
		});
	});
	siteOrigin = await listen(site);
	browser = await chromium.launch(chromiumLaunchOptions());
}, 60_000);

afterAll(async () => {
	await browser?.close();
	for (const server of [cdn, site]) {
		server?.closeAllConnections();
		server?.close();
	}
	await simulator?.close();
});

async function openPage(query = ''): Promise<{ page: Page; violations: () => Promise<string[]>; consoleErrors: string[] }> {
	const page = await browser.newPage();
	const consoleErrors: string[] = [];
	page.on('console', (message) => {
		if (message.type() === 'error') consoleErrors.push(message.text());
	});
	await page.addInitScript(() => {
		const w = window as unknown as { violations: string[] };
		w.violations = [];
		document.addEventListener('securitypolicyviolation', (event) => w.violations.push(`${event.violatedDirective} ${event.blockedURI}`));
	});
	await page.goto(`${siteOrigin}/${query}`);
	return { page, consoleErrors, violations: () => page.evaluate(() => (window as unknown as { violations: string[] }).violations) };
}

describe('the script-tag bundle from a CDN', () => {
	it('scripts/sri.mjs prints the sha384 that openssl computes for the bundle', async () => {
		const { stdout } = await run('sh', ['-c', `openssl dgst -sha384 -binary "${bundlePath}" | openssl base64 -A`]);
		expect(integrity).toBe(`sha384-${stdout.trim()}`);
		const tag = (await run(process.execPath, ['scripts/sri.mjs'], { cwd: repo })).stdout.split('\n')[1];
		expect(tag).toMatch(
			new RegExp(
				`^<script src="https://cdn\\.jsdelivr\\.net/npm/cmcc-uaid@[^/]+/dist/cmcc-uaid\\.iife\\.js" integrity="${integrity.replace(/[+/]/g, '\\$&')}" crossorigin="anonymous"></script>$`,
			),
		);
	});

	it('with the printed hash and the README’s CSP, runs the whole flow without a CSP violation', async () => {
		const { page, violations, consoleErrors } = await openPage();
		const uaid = page.evaluate(
			() =>
				new Promise<string>((resolve, reject) => {
					document.addEventListener('uaid-success', (event) => resolve(event.detail.uaid ?? ''));
					document.addEventListener('uaid-error', (event) => reject(new Error(event.detail.code)));
				}),
		);
		await page.locator('cmcc-uaid').locator('[part="button"]').click();
		expect(await uaid).toBe(simulator.uaidFor(DEMO_APP_ID, DEFAULT_MSISDN));
		expect(await violations()).toEqual([]);
		expect(consoleErrors).toEqual([]);
		await page.close();
	});

	it('with a wrong hash, the browser refuses the bundle and the tag stays undefined', async () => {
		const wrong = `sha384-${Buffer.alloc(48, 1).toString('base64')}`;
		const { page, consoleErrors } = await openPage(`?integrity=${encodeURIComponent(wrong)}`);
		expect(await page.evaluate(() => customElements.get('cmcc-uaid'))).toBeUndefined();
		expect(consoleErrors.join('\n')).toMatch(/integrity/i);
		await page.close();
	});
});
