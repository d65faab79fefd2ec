/**
 * The React 19 and Vue 3 pages in demo/, built with Vite from their own configs (as an app would
 * build them), served beside a server-kit backend, and driven through the flow against the
 * simulator: the framework's own `onuaid-*` / `@uaid-*` handlers must see the typed events.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { build } from 'vite';
import { createUaidHandler, toNodeListener } from '../src/server/index.js';
import { DEMO_PRIVATE_KEY, demoSimulatorConfig, startSimulator, type RunningSimulator } from '../src/simulator/index.js';
import { DEMO_APP_ID, DEMO_APP_KEY } from '../src/simulator/demo-app.js';
import { DEFAULT_MSISDN } from '../src/simulator/network.js';
import { pageOverflow, PHONE } from './support/element-states.js';

const FRAMEWORKS = ['react', 'vue'] as const;
const CONTENT_TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css' };

let outDir: string;
let simulator: RunningSimulator;
let server: Server;
let origin: string;

test.beforeAll(async () => {
	test.setTimeout(180_000);
	outDir = mkdtempSync(join(tmpdir(), 'cmcc-uaid-frameworks-'));
	for (const framework of FRAMEWORKS) {
		const configFile = fileURLToPath(new URL(`../demo/${framework}/vite.config.ts`, import.meta.url));
		await build({ configFile, logLevel: 'warn', build: { outDir: join(outDir, framework), emptyOutDir: true } });
	}
	simulator = await startSimulator({ config: demoSimulatorConfig() });
	const uaid = toNodeListener(
		createUaidHandler({ appId: DEMO_APP_ID, appKey: DEMO_APP_KEY, privateKey: DEMO_PRIVATE_KEY, validateUrl: simulator.validateUrl }),
	);
	server = createServer((request, response) => {
		uaid(request, response, () => {
			void (async () => {
				const path = new URL(request.url ?? '/', 'http://x').pathname;
				if (path === '/demo/config.json')
					return response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ tokenUrl: simulator.getMobileUrl }));
				const [, framework, ...rest] = path.split('/');
				if (!FRAMEWORKS.includes(framework as (typeof FRAMEWORKS)[number])) return response.writeHead(404).end();
				const file = normalize(join(outDir, framework!, rest.join('/') || 'index.html'));
				if (!file.startsWith(outDir)) return response.writeHead(404).end();
				try {
					const body = await readFile(file);
					response.writeHead(200, { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
				} catch {
					response.writeHead(404).end();
				}
			})();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
	server?.closeAllConnections();
	await new Promise((resolve) => server?.close(resolve));
	await simulator?.close();
	if (outDir) rmSync(outDir, { recursive: true, force: true });
});

test.beforeEach(() => {
	simulator.setNetwork({ mode: 'cellular', msisdn: DEFAULT_MSISDN });
});

async function open(page: Page, framework: string): Promise<string[]> {
	const problems: string[] = [];
	page.on('pageerror', (error) => problems.push(error.message));
	// Vue warns on the console when it takes <cmcc-uaid> for an unresolved component.
	page.on('console', (message) => {
		if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
	});
	await page.goto(`${origin}/${framework}/`);
	await expect(page.locator('cmcc-uaid').locator('[part="button"]')).toBeVisible();
	return problems;
}

const outcome = (page: Page) => page.getByTestId('outcome');

for (const framework of FRAMEWORKS) {
	test.describe(`the ${framework === 'react' ? 'React 19' : 'Vue 3'} page`, () => {
		test('a click ends in its uaid-success handler with the subscriber’s UAID', async ({ page }) => {
			const problems = await open(page, framework);
			await expect(page.locator('cmcc-uaid')).toHaveAttribute('sign-url', '/uaid/sign');
			// The number attribute arrived as a number property, not a string.
			expect(await page.locator('cmcc-uaid').evaluate((element) => typeof (element as unknown as { timeout: unknown }).timeout)).toBe(
				'number',
			);
			await page.locator('cmcc-uaid').locator('[part="button"]').click();
			await expect(outcome(page)).toHaveAttribute('data-kind', 'uaid');
			await expect(outcome(page)).toHaveText(simulator.uaidFor(DEMO_APP_ID, DEFAULT_MSISDN));
			expect(problems).toEqual([]);
		});

		test('on Wi-Fi its uaid-error handler gets not-cellular, and after a reset the next click succeeds', async ({ page }) => {
			await open(page, framework);
			simulator.setNetwork({ mode: 'wifi' });
			await page.locator('cmcc-uaid').locator('[part="button"]').click();
			await expect(outcome(page)).toHaveAttribute('data-kind', 'error');
			await expect(outcome(page)).toHaveText('not-cellular');
			simulator.setNetwork({ mode: 'cellular', msisdn: '13900139000' });
			await page.getByTestId('reset').click();
			await expect(outcome(page)).toHaveAttribute('data-kind', 'none');
			await page.locator('cmcc-uaid').locator('[part="button"]').click();
			await expect(outcome(page)).toHaveText(simulator.uaidFor(DEMO_APP_ID, '13900139000'));
		});

		test('on a phone (360 × 740): no horizontal scroll, a full-width button, and nothing for axe, idle and after an error', async ({
			page,
		}) => {
			await page.setViewportSize(PHONE);
			await open(page, framework);
			const audit = async () =>
				(await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze()).violations.map(
					(v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
				);
			const fits = async () => {
				const { scrollWidth, innerWidth } = await pageOverflow(page);
				expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
			};
			await fits();
			expect(await audit()).toEqual([]);
			const main = (await page.locator('main').boundingBox())!;
			expect((await page.locator('cmcc-uaid').boundingBox())!.width).toBeGreaterThan(main.width * 0.8);
			simulator.setNetwork({ mode: 'wifi' });
			await page.locator('cmcc-uaid').locator('[part="button"]').click();
			await expect(outcome(page)).toHaveAttribute('data-kind', 'error');
			await fits();
			expect(await audit()).toEqual([]);
		});
	});
}
