import type { Page } from '@playwright/test';
import type { RunningDemo } from '../src/demo/demo-server.js';
import { RESULT_CODES } from '../src/protocol/result-codes.js';
import { button, events, expect, recordEvents, retryButton, statusLine, test, waitForOutcome } from './support/fixtures.js';

// What real devices get (docs/simulator.md, "Seen in real traffic"), as the user of the element sees it.

/** The script-tag page, with `debug` on: the platform's own text is on screen only then. */
async function open(page: Page, demo: RunningDemo): Promise<void> {
	await recordEvents(page);
	await page.goto(demo.url);
	await expect(button(page)).toBeVisible();
	await page.locator('cmcc-uaid').evaluate((element: HTMLElement & { debug: boolean }) => (element.debug = true));
}

const getMobileCalls = (demo: RunningDemo) => demo.simulator.log().filter((e) => e.endpoint === 'getMobile' && !e.preflight);
const errorDetail = (page: Page) => page.locator('cmcc-uaid').locator('[part="error-detail"]');

test.describe('off China Mobile’s gateway, the user is told to switch to China Mobile cellular data, after one getMobile', () => {
	for (const [mode, resultCode, zh] of [
		['wifi', '103111', 'WAP网关IP错误'],
		['other-carrier', '103111', 'WAP网关IP错误'],
		['cellular-no-number', '103134', 'WAP取号为空'],
	] as const) {
		test(`the gateway sees ${mode}: ${resultCode}`, async ({ page, demo }) => {
			demo.simulator.setNetwork({ mode });
			await open(page, demo);
			await button(page).click();
			const outcome = await waitForOutcome(page);
			expect(outcome).toMatchObject({
				type: 'uaid-error',
				className: 'UaidErrorEvent',
				detail: { code: 'not-cellular', stage: 'token', platformCode: resultCode, retryable: false },
			});
			// Another carrier's answer names it (msisdnOwner CU): the sentence says whose data this is.
			await expect(statusLine(page)).toContainText(mode === 'other-carrier' ? '中国联通' : '中国移动手机数据网络');
			await expect(errorDetail(page)).toHaveText(`${resultCode} ${zh}`);
			expect(getMobileCalls(demo)).toHaveLength(1);
			demo.simulator.setNetwork({ mode: 'cellular' });
			await retryButton(page).click();
			expect((await waitForOutcome(page, 1)).type).toBe('uaid-success');
		});
	}

	test('a flat 103111 answer: the same message, one getMobile', async ({ page, demo }) => {
		demo.simulator.setAnswers({ shape: 'flat' });
		demo.simulator.setNetwork({ mode: 'wifi' });
		await open(page, demo);
		await button(page).click();
		expect((await waitForOutcome(page)).detail).toMatchObject({ code: 'not-cellular', platformCode: '103111', retryable: false });
		await expect(statusLine(page)).toContainText('中国移动手机数据网络');
		expect(getMobileCalls(demo)).toHaveLength(1);
	});
});

test.describe('codes seen in real traffic, forced at getMobile', () => {
	for (const entry of RESULT_CODES.filter((e) => e.provenance === 'observed' && e.endpoint === 'getMobile')) {
		test(`${entry.code} ${entry.zh}: ${entry.category}, ${entry.retryable ? 'retried once' : 'not retried'}`, async ({ page, demo }) => {
			demo.simulator.setFaults({ getMobile: { resultCode: entry.code, variant: entry.variant } });
			await open(page, demo);
			await button(page).click();
			expect((await waitForOutcome(page)).detail).toMatchObject({
				code: entry.category,
				stage: 'token',
				platformCode: entry.code,
				retryable: entry.retryable,
			});
			// With debug, the fix hint the console gives follows the platform's text (issue 25).
			await expect(errorDetail(page)).toContainText(`${entry.code} ${entry.zh}`);
			expect(getMobileCalls(demo)).toHaveLength(entry.retryable ? 2 : 1);
		});
	}
});

test('flat answers from both endpoints: the user gets the UAID', async ({ page, demo }) => {
	demo.simulator.setAnswers({ shape: 'flat' });
	await open(page, demo);
	await button(page).click();
	const outcome = await waitForOutcome(page);
	expect(outcome.type).toBe('uaid-success');
	expect(outcome.detail.uaid).toBe(demo.simulator.uaidFor(demo.appId, demo.simulator.network().msisdn));
});

test('a code in no table: platform-error with the platform’s code and text shown, one automatic retry only', async ({ page, demo }) => {
	demo.simulator.setFaults({ getMobile: { resultCode: '103999', resultDesc: '没见过的错误' } });
	await open(page, demo);
	await button(page).click();
	expect((await waitForOutcome(page)).detail).toMatchObject({
		code: 'platform-error',
		stage: 'token',
		platformCode: '103999',
		message: '没见过的错误',
		retryable: true,
	});
	await expect(errorDetail(page)).toHaveText('103999 没见过的错误');
	expect(getMobileCalls(demo)).toHaveLength(2);
	expect(await events(page, 'uaid-error')).toHaveLength(1);
});
