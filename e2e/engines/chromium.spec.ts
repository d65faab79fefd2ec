/**
 * The same drop-in page scenarios in Chromium through Playwright, so the three engines run one
 * script: what passes here and fails in Firefox or WebKit is an engine difference, not a test one.
 */
import { test, type Page } from '@playwright/test';
import { startDemo, type RunningDemo } from '../../src/demo/demo-server.js';
import { happyPath, wifiErrorPath, type EngineDriver } from './drop-in-scenarios.js';

test.describe('Chromium: the drop-in page', () => {
	let demo: RunningDemo;
	test.beforeEach(async () => {
		demo = await startDemo({ port: 0 });
	});
	test.afterEach(async () => {
		await demo?.close();
	});

	const driver = (page: Page): EngineDriver => ({
		goto: async (url) => void (await page.goto(url)),
		run: (body) => page.evaluate(`(() => { ${body} })()`),
		clickButton: () => page.locator('cmcc-uaid').locator('[part="button"]').click(),
	});

	test('happy path: the UAID arrives as uaid-success', async ({ page }) => {
		await happyPath(driver(page), demo);
	});

	test('Wi-Fi (the gateway, not navigator.connection): the platform answers 103111 and the page gets not-cellular', async ({ page }) => {
		await wifiErrorPath(driver(page), demo);
	});
});
