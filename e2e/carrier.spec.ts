import type { Page } from '@playwright/test';
import type { RunningDemo } from '../src/demo/demo-server.js';
import { button, expect, recordEvents, statusLine, test, waitForOutcome } from './support/fixtures.js';

// Issue 23 in a real browser: the carrier getMobile's answer names, and the 105112 rule.

async function open(page: Page, demo: RunningDemo, lang?: string): Promise<void> {
	await recordEvents(page);
	await page.goto(demo.url);
	await expect(button(page)).toBeVisible();
	if (lang) await page.locator('cmcc-uaid').evaluate((element, value) => element.setAttribute('lang', value), lang);
}

const getMobileCalls = (demo: RunningDemo) => demo.simulator.log().filter((e) => e.endpoint === 'getMobile' && !e.preflight);

test.describe('another carrier’s data connection, named', () => {
	for (const [carrier, lang, words] of [
		['china-unicom', 'zh-CN', '中国联通'],
		['china-telecom', 'zh-CN', '中国电信'],
		['china-unicom', 'en', 'China Unicom'],
		['china-telecom', 'en', 'China Telecom'],
	] as const) {
		test(`${carrier}, ${lang}: uaid-error carries the carrier and the user's sentence names it`, async ({ page, demo }) => {
			demo.simulator.setNetwork({ mode: 'other-carrier', carrier });
			await open(page, demo, lang);
			await button(page).click();
			expect((await waitForOutcome(page)).detail).toMatchObject({
				code: 'not-cellular',
				stage: 'token',
				platformCode: '103111',
				retryable: false,
				carrier,
			});
			await expect(statusLine(page)).toContainText(words);
			expect(getMobileCalls(demo)).toHaveLength(1);
		});
	}
});

test.describe('105112 时间戳非法', () => {
	test('one fresh sign, then the run stops: two getMobile calls in all', async ({ page, demo }) => {
		demo.simulator.setFaults({ getMobile: { resultCode: '105112' } });
		await open(page, demo);
		await button(page).click();
		expect((await waitForOutcome(page)).detail).toMatchObject({ code: 'app-config', stage: 'token', platformCode: '105112' });
		expect(getMobileCalls(demo)).toHaveLength(2);
	});

	test('a fresh sign the platform takes ends in the UAID', async ({ page, demo }) => {
		demo.simulator.setFaults({ getMobile: { resultCode: '105112', count: 1 } });
		await open(page, demo);
		await button(page).click();
		expect((await waitForOutcome(page)).type).toBe('uaid-success');
		expect(getMobileCalls(demo)).toHaveLength(2);
	});
});
