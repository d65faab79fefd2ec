/**
 * The two drop-in page scenarios every engine must pass, written once against a small driver
 * interface that Playwright, puppeteer (Firefox over WebDriver BiDi) and classic WebDriver
 * (WebKitWebDriver) each implement. The page is the demo's script-tag page, strict CSP included.
 */
import { expect } from '@playwright/test';
import type { RunningDemo } from '../../src/demo/demo-server.js';

export interface EngineDriver {
	goto(url: string): Promise<void>;
	/** Runs a function body in the page; `return …` gives the (JSON) result. */
	run<T>(body: string): Promise<T>;
	/** A real click on the element's button inside its shadow root. */
	clickButton(): Promise<void>;
}

interface Outcome {
	type: 'uaid-success' | 'uaid-error';
	detail: Record<string, unknown>;
}

async function poll<T>(driver: EngineDriver, body: string, what: string, timeoutMs = 30_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await driver.run<T | null>(body);
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

/** Opens the page, listens for the outcome, clicks, and returns the outcome event. */
async function clickAndWait(
	driver: EngineDriver,
	demo: RunningDemo,
): Promise<{ outcome: Outcome; status: string; hasConnection: boolean }> {
	await driver.goto(demo.url);
	await poll(
		driver,
		`return !!document.querySelector('cmcc-uaid')?.shadowRoot?.querySelector('[part="button"]')`,
		'the element to render its button',
	);
	await driver.run(`
		window.__outcome = null;
		for (const type of ['uaid-success', 'uaid-error']) document.addEventListener(type, (event) => { window.__outcome = { type, detail: { ...event.detail } }; });
		return true;`);
	await driver.clickButton();
	const outcome = await poll<Outcome>(driver, 'return window.__outcome', 'a uaid-success or uaid-error event');
	const status = await poll<string>(
		driver,
		`return document.querySelector('cmcc-uaid').shadowRoot.querySelector('[part="status"]')?.textContent?.trim() || null`,
		'the status line',
	);
	const hasConnection = await driver.run<boolean>(`return typeof navigator.connection?.type === 'string'`);
	return { outcome, status, hasConnection };
}

/** The happy path: the UAID the simulator derives for the demo app and subscriber. */
export async function happyPath(driver: EngineDriver, demo: RunningDemo): Promise<void> {
	const { outcome } = await clickAndWait(driver, demo);
	expect(outcome, JSON.stringify(outcome)).toMatchObject({ type: 'uaid-success' });
	expect(outcome.detail.uaid).toBe(demo.simulator.uaidFor(demo.appId, demo.simulator.network().msisdn));
}

/**
 * The Wi-Fi error path. Firefox and WebKit have no `navigator.connection`, so the page cannot
 * know before asking: the request does not come through China Mobile's gateway, the platform answers
 * 103111 (as real devices get it; the guide's 111002 is the simulator's `answers.notCellular: 'guide'`),
 * and the page gets `not-cellular` with the advice to switch to China Mobile data.
 */
export async function wifiErrorPath(driver: EngineDriver, demo: RunningDemo): Promise<void> {
	demo.simulator.setNetwork({ mode: 'wifi' });
	const { outcome, status, hasConnection } = await clickAndWait(driver, demo);
	expect(outcome, JSON.stringify(outcome)).toMatchObject({
		type: 'uaid-error',
		detail: { code: 'not-cellular', stage: 'token', platformCode: '103111', retryable: false },
	});
	expect(status).toContain('中国移动');
	if (!hasConnection) expect(demo.simulator.log().some((e) => e.endpoint === 'getMobile' && e.resultCode === '103111')).toBe(true);
}
