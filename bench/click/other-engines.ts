/**
 * Click-to-UAID in Firefox and WebKit, driven the way the e2e suite drives them
 * (e2e/engines/): Debian's firefox-esr over WebDriver BiDi with puppeteer-core, and WebKit's
 * MiniBrowser through WebKitWebDriver under xvfb-run. Each run is a fresh profile (Firefox) or a
 * fresh automation session (WebKit: its own ephemeral website data), as a user landing on the page.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';
import { findFirefox, findWebKit } from '../../tools/find-engines.js';
import { waitForDriver, WebDriverSession, type WebElementReference } from '../../tools/webdriver-client.js';
import { freePort } from '../../tools/children.js';
import { traceMark } from './delay-proxy.js';

/** One engine: `clickOnce` loads the page in a fresh profile, clicks, and returns click → uaid-success in ms. */
export interface EngineRunner {
	readonly name: 'firefox' | 'webkit';
	clickOnce(pageUrl: string): Promise<number>;
	close(): Promise<void>;
}

interface BenchRecord {
	clickAt?: number | null;
	doneAt?: number | null;
	error?: string | null;
	progress: string[];
}

/** The user reads the page before tapping: whatever it does on load (preconnect, prefetch) is done by then. */
const READING_MS = 1_000;
const READ_RECORD = 'return window.__bench';

async function waitForOutcome(read: () => Promise<BenchRecord>, name: string): Promise<number> {
	const deadline = Date.now() + 30_000;
	for (;;) {
		const record = await read();
		// Over classic WebDriver an undefined field arrives as null.
		if (record.error != null) throw new Error(`${name}: the run failed: ${record.error}`);
		if (record.doneAt != null && record.clickAt != null) {
			if (process.env.BENCH_CLICK_TRACE)
				process.stderr.write(`  ${name}: ${Math.round(record.doneAt - record.clickAt)} ms — ${record.progress.join(', ')}\n`);
			return record.doneAt - record.clickAt;
		}
		if (Date.now() > deadline) throw new Error(`${name}: no uaid-success within 30 s (${record.progress.join(', ')})`);
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

/**
 * Firefox: a fresh profile and browser per run. Puppeteer's Firefox preferences turn speculative
 * connections off (`network.http.speculative-parallel-limit: 0`, so that its tests see no stray
 * sockets), which also turns `<link rel="preconnect">` off; a user's Firefox has them on (6), so the
 * bench puts Firefox's own default back.
 */
export function firefoxRunner(): EngineRunner | string {
	const executablePath = findFirefox();
	if (!executablePath) return 'Firefox not found (apt-get install firefox-esr)';
	return {
		name: 'firefox',
		async clickOnce(pageUrl) {
			const profile = mkdtempSync(join(tmpdir(), 'cmcc-uaid-click-firefox-'));
			const browser = await puppeteer.launch({
				browser: 'firefox',
				executablePath,
				headless: true,
				userDataDir: profile,
				timeout: 60_000,
				protocolTimeout: 60_000,
				extraPrefsFirefox: { 'network.http.speculative-parallel-limit': 6 },
			});
			try {
				const page = await browser.newPage();
				await page.goto(pageUrl, { waitUntil: 'load' });
				await new Promise((resolve) => setTimeout(resolve, READING_MS));
				traceMark('click (firefox)');
				await page.locator('cmcc-uaid >>> [part="button"]').click();
				return await waitForOutcome(() => page.evaluate(() => (window as unknown as { __bench: BenchRecord }).__bench), 'firefox');
			} finally {
				await browser.close();
				rmSync(profile, { recursive: true, force: true });
			}
		},
		async close() {},
	};
}

/** WebKit: one WebKitWebDriver (with its Xvfb) for the bench, a new session — a new MiniBrowser — per run. */
export async function webkitRunner(): Promise<EngineRunner | string> {
	const tools = findWebKit();
	if (!tools.driver || !tools.miniBrowser || !tools.xvfbRun) return 'WebKit not found (apt-get install webkit2gtk-driver xvfb xauth)';
	const port = await freePort();
	// Its own process group, so the driver, Xvfb and every MiniBrowser end with it.
	const driverProcess: ChildProcess = spawn(tools.xvfbRun, ['-a', tools.driver, `--port=${port}`], { detached: true, stdio: 'ignore' });
	const base = `http://127.0.0.1:${port}`;
	const stop = () => {
		if (driverProcess.pid !== undefined && driverProcess.exitCode === null) {
			try {
				process.kill(-driverProcess.pid, 'SIGTERM');
			} catch {
				// Already gone.
			}
		}
	};
	try {
		await waitForDriver(base, 60_000);
	} catch (error) {
		stop();
		throw error;
	}
	const miniBrowser = tools.miniBrowser;
	return {
		name: 'webkit',
		async clickOnce(pageUrl) {
			const session = await WebDriverSession.create(base, { 'webkitgtk:browserOptions': { binary: miniBrowser, args: ['--automation'] } });
			try {
				await session.navigate(pageUrl);
				await new Promise((resolve) => setTimeout(resolve, READING_MS));
				const button = await session.execute<WebElementReference>(
					`return document.querySelector('cmcc-uaid').shadowRoot.querySelector('[part="button"]')`,
				);
				traceMark('click (webkit)');
				await session.click(button);
				return await waitForOutcome(() => session.execute<BenchRecord>(READ_RECORD), 'webkit');
			} finally {
				await session.close();
			}
		},
		async close() {
			stop();
		},
	};
}
