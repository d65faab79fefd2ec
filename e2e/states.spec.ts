/**
 * The user's side of the states, at phone width (issue 14): a full-width button on request, a
 * busy state in which nothing moves, an outcome that stays until `reset()`, and an error that is
 * one sentence in the element's language and one action, with the developer's detail in the event
 * and the console (and on screen only with `debug`).
 */
import type { Page } from '@playwright/test';
import { button, events, expect, retryButton, statusLine, test, waitForOutcome } from './support/fixtures.js';
import { driveTo, openElement, PHONE } from './support/element-states.js';

test.use({ viewport: PHONE });

const box = async (page: Page, part: string) => (await page.locator('cmcc-uaid').locator(`[part="${part}"]`).boundingBox())!;

test('block: the button takes the container’s width, as an H5 page’s main button does', async ({ page, demo }) => {
	await openElement(page, demo, { attributes: 'block' });
	const main = (await page.locator('main').boundingBox())!;
	expect((await box(page, 'button')).width).toBe(main.width - 32);
	await openElement(page, demo);
	expect((await box(page, 'button')).width).toBeLessThan(main.width / 2);
});

test('busy: the button keeps its size and place, and the status line its place', async ({ page, demo }) => {
	for (const options of [{}, { attributes: 'block' }, { lang: 'en' as const }]) {
		demo.simulator.reset();
		await openElement(page, demo, options);
		// The status line's width is its text's. Its height may grow at this first change, the tap, to
		// the room of its longest sentence, so that nothing moves after it (e2e/unhappy-path.spec.ts).
		const layout = async () => ({ button: await box(page, 'button'), statusTop: (await box(page, 'status')).y });
		const before = await layout();
		await driveTo(page, demo, 'busy');
		await expect(page.locator('cmcc-uaid').locator('[part="spinner"]')).toBeVisible();
		expect(await layout(), JSON.stringify(options)).toEqual(before);
	}
});

test('success: the button keeps its height and the status line its place, whatever font draws the ✓', async ({ page, demo }) => {
	for (const options of [{}, { attributes: 'block' }, { lang: 'en' as const }, { bare: true }]) {
		demo.simulator.reset();
		await openElement(page, demo, options);
		// A page that sets no font and no lang, as the quickstart's: the ✓ may come from another font than the label's.
		if ('bare' in options) {
			await page.evaluate(() => {
				document.documentElement.style.setProperty('font-family', 'initial');
				document.documentElement.removeAttribute('lang');
				document.querySelector('cmcc-uaid')!.removeAttribute('lang');
			});
		}
		// The element's own height is held from the first change on: e2e/unhappy-path.spec.ts.
		const layout = async () => ({ buttonHeight: (await box(page, 'button')).height, statusTop: (await box(page, 'status')).y });
		const before = await layout();
		await driveTo(page, demo, 'success');
		await expect(button(page)).toContainText('✓');
		expect(await layout(), JSON.stringify(options)).toEqual(before);
	}
});

test.describe('after success', () => {
	test('the button shows the outcome and starts nothing, not even on a second tap; reset() makes it start again', async ({
		page,
		demo,
	}) => {
		await openElement(page, demo);
		await driveTo(page, demo, 'success');
		await expect(button(page)).toHaveText('✓ 认证成功');
		await expect(button(page)).toHaveAttribute('aria-disabled', 'true');
		const getMobiles = () => demo.simulator.log().filter((entry) => entry.endpoint === 'getMobile').length;
		// A tap on a button that says it is disabled: Playwright would wait for it to be enabled.
		await button(page).click({ force: true });
		await button(page).click({ force: true });
		// The click handler runs synchronously: had it started a run, the state would be busy now.
		expect(await page.locator('cmcc-uaid').evaluate((element: HTMLElement & { state: string }) => element.state)).toBe('success');
		expect(getMobiles()).toBe(1);
		expect(await events(page, 'uaid-success')).toHaveLength(1);
		await page.locator('cmcc-uaid').evaluate((element: HTMLElement & { reset(): void }) => element.reset());
		await expect(button(page)).toHaveText('本机一键认证');
		await button(page).click();
		expect((await waitForOutcome(page, 1)).type).toBe('uaid-success');
		expect(getMobiles()).toBe(2);
	});

	test('with validate-url="" the button shows that the token was received', async ({ page, demo }) => {
		await openElement(page, demo, { lang: 'en', attributes: 'validate-url=""' });
		await driveTo(page, demo, 'token');
		await expect(button(page)).toHaveText('✓ Token received');
		await expect(statusLine(page)).toHaveText('Token received');
	});
});

test.describe('an error', () => {
	test('is one sentence in the element’s language and one retry action; the platform code and text are in the event and the console only', async ({
		page,
		demo,
	}) => {
		const warnings: string[] = [];
		page.on('console', (message) => {
			if (message.type() === 'warning') warnings.push(message.text());
		});
		for (const lang of ['zh-CN', 'en'] as const) {
			warnings.length = 0;
			demo.simulator.reset();
			await openElement(page, demo, { lang });
			demo.simulator.setNetwork({ mode: 'wifi' });
			await button(page).click();
			const outcome = await waitForOutcome(page);
			expect(outcome.detail).toMatchObject({ code: 'not-cellular', platformCode: '103111', message: 'WAP网关IP错误' });
			const shadow = page.locator('cmcc-uaid');
			await expect(shadow.locator('button')).toHaveCount(1);
			await expect(retryButton(page)).toHaveText(lang === 'en' ? 'Try again' : '重试');
			await expect(statusLine(page)).toHaveText(
				lang === 'en'
					? 'This phone could not be recognised. Use China Mobile cellular data, then try again.'
					: '无法识别本机号码，请使用中国移动手机数据网络后重试。',
			);
			await expect(shadow.locator('[part="error-detail"]')).toHaveCount(0);
			expect(warnings).toEqual(['<cmcc-uaid> not-cellular 103111: WAP网关IP错误']);
		}
	});

	test('with debug, the platform code and text appear under the sentence', async ({ page, demo }) => {
		await openElement(page, demo, { attributes: 'debug' });
		await driveTo(page, demo, 'error');
		await expect(page.locator('cmcc-uaid').locator('[part="error-detail"]')).toHaveText('103111 WAP网关IP错误');
	});

	test('when the site’s own backend cannot be reached, the service is unavailable, not the user’s network', async ({ page, demo }) => {
		await openElement(page, demo, { attributes: 'prefetch="none"' });
		demo.setBackendDown(true);
		await button(page).click();
		expect((await waitForOutcome(page)).detail).toMatchObject({ code: 'network', stage: 'sign' });
		await expect(statusLine(page)).toHaveText('认证服务暂时不可用，请稍后重试。');
		demo.setBackendDown(false);
		await retryButton(page).click();
		expect((await waitForOutcome(page, 1)).type).toBe('uaid-success');
	});

	test('when getMobile cannot be reached, the user is asked to check the network', async ({ page, demo }) => {
		await openElement(page, demo);
		demo.simulator.setFaults({ getMobile: { drop: true } });
		await button(page).click();
		expect((await waitForOutcome(page)).detail).toMatchObject({ code: 'network', stage: 'token' });
		await expect(statusLine(page)).toHaveText('网络连接失败，请检查网络后重试。');
	});
});
