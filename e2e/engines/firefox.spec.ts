/**
 * The drop-in page in Firefox (Debian's firefox-esr), driven over WebDriver BiDi with
 * puppeteer-core: happy path and Wi-Fi error path.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from '@playwright/test';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { startDemo, type RunningDemo } from '../../src/demo/demo-server.js';
import { happyPath, wifiErrorPath, type EngineDriver } from './drop-in-scenarios.js';
import { findFirefox, requireInstalled } from '../../tools/find-engines.js';

const firefox = findFirefox();

test.describe('Firefox: the drop-in page', () => {
	let browser: Browser | undefined;
	let profile: string | undefined;
	let demo: RunningDemo;
	let page: Page;

	test.beforeAll(async () => {
		requireInstalled('Firefox', firefox ? [] : ['firefox-esr'], 'firefox-esr');
		// A fresh profile per run, removed afterwards: nothing of a developer's own Firefox is touched.
		profile = mkdtempSync(join(tmpdir(), 'cmcc-uaid-firefox-'));
		browser = await puppeteer.launch({
			browser: 'firefox',
			executablePath: firefox!,
			headless: true,
			userDataDir: profile,
			timeout: 60_000,
			protocolTimeout: 60_000,
		});
	});
	test.afterAll(async () => {
		await browser?.close();
		if (profile) rmSync(profile, { recursive: true, force: true });
	});
	test.beforeEach(async () => {
		demo = await startDemo({ port: 0 });
		page = await browser!.newPage();
	});
	test.afterEach(async () => {
		await page?.close();
		await demo?.close();
	});

	const driver = (): EngineDriver => ({
		goto: async (url) => void (await page.goto(url, { waitUntil: 'load' })),
		run: (body) => page.evaluate(new Function(body) as () => never),
		clickButton: () => page.locator('cmcc-uaid >>> [part="button"]').click(),
	});

	test('happy path: the UAID arrives as uaid-success', async () => {
		await happyPath(driver(), demo);
	});

	test('Wi-Fi: the platform answers 103111 and the page gets not-cellular', async () => {
		await wifiErrorPath(driver(), demo);
	});
});
