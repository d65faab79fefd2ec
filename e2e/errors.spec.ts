import type { Page } from '@playwright/test';
import type { RunningDemo } from '../src/demo/demo-server.js';
import {
	button,
	events,
	expect,
	recordEvents,
	retryButton,
	statusLine,
	test,
	waitForOutcome,
	type RecordedEvent,
} from './support/fixtures.js';

/** Loads the script-tag page with event recording. */
async function open(page: Page, demo: RunningDemo): Promise<void> {
	await recordEvents(page);
	await page.goto(demo.url);
	await expect(button(page)).toBeVisible();
}

/** Clicks the main button (first run) or the retry button, and returns the outcome event of that run. */
async function run(
	page: Page,
	outcomesBefore: number,
	via: 'button' | 'retry' = outcomesBefore === 0 ? 'button' : 'retry',
): Promise<RecordedEvent> {
	await (via === 'button' ? button(page) : retryButton(page)).click();
	return waitForOutcome(page, outcomesBefore);
}

function expectError(outcome: RecordedEvent, detail: Record<string, unknown>): void {
	expect(outcome.type).toBe('uaid-error');
	expect(outcome).toMatchObject({ className: 'UaidErrorEvent', bubbles: true, composed: true });
	expect(outcome.detail).toMatchObject(detail);
	expect(typeof outcome.detail.message).toBe('string');
}

/** After an outcome the button starts nothing until reset(), as a page would call it. */
async function resetElement(page: Page): Promise<void> {
	await page.locator('cmcc-uaid').evaluate((element: HTMLElement & { reset(): void }) => element.reset());
}

/**
 * The user's way on: the retry button, or after an error no retry can mend (issue 25) the fallback,
 * with no retry offered; the site fixed, the page (here reset()) starts again.
 */
async function expectRecovery(page: Page, demo: RunningDemo, outcomesBefore: number, via: 'retry' | 'fallback' = 'retry'): Promise<void> {
	if (via === 'fallback') {
		await expect(retryButton(page)).toHaveCount(0);
		await expect(page.locator('cmcc-uaid [slot="fallback"]')).toBeVisible();
		await resetElement(page);
	}
	const outcome = await run(page, outcomesBefore, via === 'retry' ? 'retry' : 'button');
	expect(outcome.type).toBe('uaid-success');
	expect(outcome.detail.uaid).toBe(demo.simulator.uaidFor(demo.appId, demo.simulator.network().msisdn));
	await expect(retryButton(page)).toHaveCount(0);
}

const getMobileCalls = (demo: RunningDemo) => demo.simulator.log().filter((e) => e.endpoint === 'getMobile' && !e.preflight);

test.describe('every error category reaches the page as the right uaid-error, and retry recovers', () => {
	test('Wi-Fi reported by the browser: wifi-detected before any platform call', async ({ page, demo }) => {
		await page.addInitScript(() => Object.defineProperty(navigator, 'connection', { configurable: true, value: { type: 'wifi' } }));
		await open(page, demo);
		expectError(await run(page, 0), { code: 'wifi-detected', stage: 'token', retryable: false });
		await expect(statusLine(page)).toContainText('Wi-Fi');
		expect(getMobileCalls(demo)).toHaveLength(0);
		await page.evaluate(() => Object.defineProperty(navigator, 'connection', { configurable: true, value: { type: 'cellular' } }));
		await expectRecovery(page, demo, 1);
	});

	// With the guide's wording (answers.notCellular: 'guide'); e2e/real-traffic.spec.ts has the codes real devices get.
	for (const [mode, variant] of [
		['wifi', 'no-number'],
		['other-carrier', 'not-china-mobile'],
		['blacklisted', 'blacklisted'],
	] as const) {
		test(`the gateway sees ${mode}: not-cellular (111002 ${variant})`, async ({ page, demo }) => {
			demo.simulator.setAnswers({ notCellular: 'guide' });
			demo.simulator.setNetwork({ mode });
			await open(page, demo);
			expectError(await run(page, 0), { code: 'not-cellular', stage: 'token', platformCode: '111002', retryable: false });
			expect(getMobileCalls(demo).map((e) => e.resultVariant)).toEqual([variant]);
			await expect(statusLine(page)).toContainText('中国移动');
			demo.simulator.setNetwork({ mode: 'cellular' });
			await expectRecovery(page, demo, 1);
		});
	}

	test('the app has no rights at the platform: app-config (110023), not retried', async ({ page, demo }) => {
		demo.simulator.registerApp({ ...demo.app, rights: false });
		await open(page, demo);
		expectError(await run(page, 0), { code: 'app-config', stage: 'token', platformCode: '110023', retryable: false });
		expect(getMobileCalls(demo)).toHaveLength(1);
		demo.simulator.registerApp({ ...demo.app });
		await expectRecovery(page, demo, 1, 'fallback');
	});

	test("the page's origin is not the app's registered one: app-config (120010) at validation", async ({ page, demo }) => {
		demo.simulator.registerApp({ ...demo.app, origins: ['https://m.example.com'], referers: ['https://m.example.com/'] });
		await open(page, demo);
		expectError(await run(page, 0), { code: 'app-config', stage: 'validate', platformCode: '120010', retryable: false });
		demo.simulator.registerApp({ ...demo.app });
		await expectRecovery(page, demo, 1, 'fallback');
	});

	test('rate limit at the platform: rate-limited (140005), never retried automatically', async ({ page, demo }) => {
		demo.simulator.registerApp({ ...demo.app, rateLimitPerMinute: 1 });
		await open(page, demo);
		expect((await run(page, 0)).type).toBe('uaid-success');
		await resetElement(page);
		expectError(await run(page, 1, 'button'), { code: 'rate-limited', stage: 'token', platformCode: '140005', retryable: false });
		expect(getMobileCalls(demo)).toHaveLength(2);
		await expect(statusLine(page)).toContainText('频繁');
		demo.simulator.reset();
		await expectRecovery(page, demo, 2);
	});

	test('token expired or already used at validation: token-expired (120009)', async ({ page, demo }) => {
		demo.simulator.setFaults({ imeiTokenValidate: { resultCode: '120009' } });
		await open(page, demo);
		expectError(await run(page, 0), { code: 'token-expired', stage: 'validate', platformCode: '120009', retryable: true });
		// Retryable by the user (the retry button), but never automatically: one getMobile per tap, so a
		// validate-stage failure does not spend a second token (issue 12).
		expect(getMobileCalls(demo)).toHaveLength(1);
		demo.simulator.clearFaults();
		await expectRecovery(page, demo, 1);
	});

	test('a replayed traceId: the backend answers replayed-trace', async ({ page, demo }) => {
		await open(page, demo);
		let firstValidateBody: string | undefined;
		await page.route('**/uaid/validate', async (route) => {
			if (firstValidateBody === undefined) {
				firstValidateBody = route.request().postData() ?? '';
				return route.continue();
			}
			return route.continue({ postData: firstValidateBody });
		});
		expect((await run(page, 0)).type).toBe('uaid-success');
		await resetElement(page);
		expectError(await run(page, 1, 'button'), { code: 'replayed-trace', stage: 'validate', retryable: false });
		await page.unroute('**/uaid/validate');
		await expectRecovery(page, demo, 2);
	});

	test('platform system error 999999: platform-error after one automatic retry', async ({ page, demo }) => {
		demo.simulator.setFaults({ getMobile: { resultCode: '999999' } });
		await open(page, demo);
		expectError(await run(page, 0), { code: 'platform-error', stage: 'token', platformCode: '999999', retryable: true });
		expect(getMobileCalls(demo)).toHaveLength(2);
		demo.simulator.clearFaults();
		await expectRecovery(page, demo, 1);
	});

	test('a single 999999 is recovered by the automatic retry, with a new signed request', async ({ page, demo }) => {
		demo.simulator.setFaults({ getMobile: { resultCode: '999999', count: 1 } });
		await open(page, demo);
		expect((await run(page, 0)).type).toBe('uaid-success');
		expect(getMobileCalls(demo).map((e) => e.resultCode)).toEqual(['999999', '103000']);
		expect((await events(page, 'uaid-error')).length).toBe(0);
	});

	test('a garbled platform answer: invalid-response', async ({ page, demo }) => {
		demo.simulator.setFaults({ getMobile: { garbled: true } });
		await open(page, demo);
		expectError(await run(page, 0), { code: 'invalid-response', stage: 'token', retryable: true });
		demo.simulator.clearFaults();
		await expectRecovery(page, demo, 1);
	});

	test('an HTML error page from a gateway in front of the platform: http-error', async ({ page, demo }) => {
		demo.simulator.setFaults({ getMobile: { httpStatus: 502 } });
		await open(page, demo);
		expectError(await run(page, 0), { code: 'http-error', stage: 'token', retryable: true });
		demo.simulator.clearFaults();
		await expectRecovery(page, demo, 1);
	});

	test('no answer in time: timeout, not retried automatically', async ({ page, demo }) => {
		demo.simulator.setFaults({ getMobile: { latencyMs: 5_000 } });
		await open(page, demo);
		await page.locator('cmcc-uaid').evaluate((element: HTMLElement & { timeout: number }) => (element.timeout = 500));
		// Counted in the browser: the simulator logs a request only once it answers, after the latency.
		let sent = 0;
		page.on('request', (request) => {
			if (request.url() === demo.simulator.getMobileUrl && request.method() === 'POST') sent++;
		});
		expectError(await run(page, 0), { code: 'timeout', stage: 'token', retryable: true });
		expect(sent).toBe(1);
		demo.simulator.clearFaults();
		await expectRecovery(page, demo, 1);
	});

	test('the connection to the platform is dropped: network', async ({ page, demo }) => {
		demo.simulator.setFaults({ getMobile: { drop: true } });
		await open(page, demo);
		expectError(await run(page, 0), { code: 'network', stage: 'token', retryable: true });
		demo.simulator.clearFaults();
		await expectRecovery(page, demo, 1);
	});

	test('the backend is down: network at the sign stage, no platform call', async ({ page, demo }) => {
		demo.setBackendDown(true);
		await open(page, demo);
		expectError(await run(page, 0), { code: 'network', stage: 'sign', retryable: true });
		expect(getMobileCalls(demo)).toHaveLength(0);
		demo.setBackendDown(false);
		await expectRecovery(page, demo, 1);
	});
});

test('server text is rendered as text, never as HTML (shown with debug)', async ({ page, demo }) => {
	await open(page, demo);
	await page.locator('cmcc-uaid').evaluate((element: HTMLElement & { debug: boolean }) => (element.debug = true));
	const hostile = '<img src=x onerror="window.__pwned=1">黑名单<b>x</b>';
	await page.route('**/uaid/validate', (route) =>
		route.fulfill({
			status: 502,
			contentType: 'application/json',
			body: JSON.stringify({ error: { code: 'platform-error', message: hostile, retryable: false } }),
		}),
	);
	expectError(await run(page, 0), { code: 'platform-error', message: hostile });
	const detail = page.locator('cmcc-uaid').locator('[part="error-detail"]');
	await expect(detail).toHaveText(hostile);
	expect(await page.locator('cmcc-uaid').evaluate((element) => element.shadowRoot!.querySelectorAll('img, b').length)).toBe(0);
	expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
});
