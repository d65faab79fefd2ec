/**
 * Issue 25's user and developer items in Chromium at phone size: the label the docs' own markup
 * gets, a way out after any error no retry can mend, a page that does not move under the element,
 * and what the console and `debug` tell the developer.
 */
import type { Page } from '@playwright/test';
import type { RunningDemo } from '../src/demo/demo-server.js';
import { button, events, expect, recordEvents, retryButton, statusLine, test, waitForOutcome } from './support/fixtures.js';
import { openElement, PHONE } from './support/element-states.js';

test.use({ viewport: PHONE });

/** The fallback as README and docs/element.md write it: on its own line, so the default slot gets whitespace. */
const FALLBACK = '\n\t<a slot="fallback" href="/login/sms">用短信验证码登录</a>\n';
const fallback = (page: Page) => page.locator('cmcc-uaid a[slot="fallback"]');
const getMobiles = (demo: RunningDemo) => demo.simulator.log().filter((entry) => entry.endpoint === 'getMobile' && !entry.preflight).length;

function collectWarnings(page: Page): string[] {
	const warnings: string[] = [];
	page.on('console', (message) => {
		if (message.type() === 'warning') warnings.push(message.text());
	});
	return warnings;
}

test.describe('the label (item 1)', () => {
	test('the docs’ markup (the fallback on its own line) keeps the default label and its accessible name', async ({ page, demo }) => {
		for (const content of [FALLBACK, `${FALLBACK}<!-- the SMS login -->\n`]) {
			await openElement(page, demo, { attributes: 'hide-unavailable', content });
			await expect(button(page)).toHaveAccessibleName('本机一键认证');
			await expect(button(page)).toHaveText('本机一键认证', { useInnerText: true });
		}
	});

	test('a label in the markup is the label; added later, it takes the default’s place', async ({ page, demo }) => {
		await openElement(page, demo, { lang: 'en', content: `Verify my number${FALLBACK}` });
		await expect(button(page)).toHaveAccessibleName('Verify my number');
		await openElement(page, demo, { lang: 'en', content: FALLBACK });
		await expect(button(page)).toHaveAccessibleName('Verify this phone');
		await page.locator('cmcc-uaid').evaluate((element) => element.append(document.createElement('b'), 'Sign in with this number'));
		await expect(button(page)).toHaveAccessibleName('Sign in with this number');
	});
});

test.describe('a way out after an error no retry can mend (item 2)', () => {
	test('app-config: the fallback shows, no retry is offered, a second tap spends nothing, and focus moves to the fallback', async ({
		page,
		demo,
	}) => {
		await openElement(page, demo, { content: FALLBACK, attributes: 'prefetch="none"' });
		await expect(fallback(page)).toBeHidden();
		demo.simulator.setFaults({ getMobile: { resultCode: '130018' } });
		// A keyboard user: the focus is on the button when it gives way.
		await button(page).focus();
		await page.keyboard.press('Enter');
		expect((await waitForOutcome(page)).detail).toMatchObject({ code: 'app-config', retryable: false });
		await expect(fallback(page)).toBeVisible();
		await expect(fallback(page)).toBeFocused();
		await expect(retryButton(page)).toHaveCount(0);
		await expect(page.locator('cmcc-uaid').getByRole('button')).toHaveCount(0);
		await expect(statusLine(page)).toHaveText('服务配置有误，请联系网站客服。');
		expect(getMobiles(demo)).toBe(1);
	});

	test('an attribute that cannot work (invalid-option) shows the fallback, without a retry', async ({ page, demo }) => {
		await openElement(page, demo, { content: FALLBACK, attributes: 'timeout="abc"' });
		await button(page).click();
		expect((await waitForOutcome(page)).detail).toMatchObject({ code: 'invalid-option' });
		await expect(fallback(page)).toBeVisible();
		await expect(retryButton(page)).toHaveCount(0);
	});

	test('where a retry can help it is the one action: at once (network), or after the user changes network (not-cellular, with the fallback too)', async ({
		page,
		demo,
	}) => {
		await openElement(page, demo, { content: FALLBACK });
		demo.simulator.setFaults({ getMobile: { drop: true } });
		await button(page).click();
		expect((await waitForOutcome(page)).detail).toMatchObject({ code: 'network', retryable: true });
		await expect(retryButton(page)).toBeVisible();
		await expect(fallback(page)).toBeHidden();
		demo.simulator.reset();
		demo.simulator.setNetwork({ mode: 'wifi' });
		await retryButton(page).click();
		expect((await waitForOutcome(page, 1)).detail).toMatchObject({ code: 'not-cellular', retryable: false });
		await expect(retryButton(page)).toBeVisible();
		await expect(fallback(page)).toBeVisible();
	});
});

test.describe('nothing moves (item 3)', () => {
	const below = (page: Page) => page.locator('#below');
	const top = async (page: Page) => (await below(page).boundingBox())!.y;

	for (const lang of ['en', 'zh-CN'] as const) {
		for (const attributes of ['block', '']) {
			test(`after the first state change nothing below the element moves: ${lang}${attributes ? `, ${attributes}` : ''}`, async ({
				page,
				demo,
			}) => {
				await openElement(page, demo, {
					lang,
					attributes: `${attributes} prefetch="none"`,
					content: FALLBACK,
					after: '<p id="below">Below the element</p>',
				});
				const reset = () => page.locator('cmcc-uaid').evaluate((element: HTMLElement & { reset(): void }) => element.reset());
				const tapFor = async (n: number) => {
					await button(page).click();
					return (await waitForOutcome(page, n)).detail;
				};
				// The first change: a run that stays busy.
				demo.simulator.setFaults({ getMobile: { latencyMs: 30_000 } });
				await button(page).click();
				await expect(button(page)).toHaveAttribute('aria-busy', 'true');
				const y = await top(page);
				const seen: Record<string, number> = {};
				await reset();
				seen.idle = await top(page);
				// The English sentence that wraps, with the fallback and a retry.
				demo.simulator.reset();
				demo.simulator.setNetwork({ mode: 'wifi' });
				expect(await tapFor(0)).toMatchObject({ code: 'not-cellular' });
				await expect(fallback(page)).toBeVisible();
				seen.notCellular = await top(page);
				// No retry: the fallback alone.
				await reset();
				demo.simulator.reset();
				demo.simulator.setFaults({ getMobile: { resultCode: '130018' } });
				expect(await tapFor(1)).toMatchObject({ code: 'app-config' });
				seen.appConfig = await top(page);
				// A retry and no fallback.
				await reset();
				demo.simulator.setFaults({ getMobile: { drop: true } });
				expect(await tapFor(2)).toMatchObject({ code: 'network' });
				await expect(fallback(page)).toBeHidden();
				seen.network = await top(page);
				await reset();
				demo.simulator.reset();
				await tapFor(3);
				await expect(button(page)).toHaveAttribute('data-state', 'success');
				seen.success = await top(page);
				expect(seen).toEqual({ idle: y, notCellular: y, appConfig: y, network: y, success: y });
			});
		}
	}

	test('the status line aligns with the button: centred under a full-width one, from its left edge under one that is not', async ({
		page,
		demo,
	}) => {
		for (const attributes of ['block', '']) {
			demo.simulator.reset();
			await openElement(page, demo, { lang: 'en', attributes });
			demo.simulator.setNetwork({ mode: 'wifi' });
			await button(page).click();
			await waitForOutcome(page);
			const action = (await retryButton(page).boundingBox())!;
			// The text's own box, not the line's (a block is as wide as its container whatever the text).
			const text = await statusLine(page).evaluate((line) => {
				const range = document.createRange();
				range.selectNodeContents(line);
				const rects = [...range.getClientRects()];
				return { left: Math.min(...rects.map((r) => r.left)), right: Math.max(...rects.map((r) => r.right)) };
			});
			if (attributes === 'block') expect(Math.abs((text.left + text.right) / 2 - (action.x + action.width / 2))).toBeLessThanOrEqual(1);
			else expect(Math.round(text.left)).toBe(Math.round(action.x));
		}
	});
});

test.describe('the developer is told (item 9)', () => {
	test('an invalid timeout attribute is warned about on connect, naming the attribute; debug shows the same fix', async ({
		page,
		demo,
	}) => {
		for (const value of ['abc', '8s']) {
			const warnings = collectWarnings(page);
			await openElement(page, demo, { lang: 'en', attributes: `timeout="${value}" debug` });
			await expect
				.poll(() => warnings.join('\n'))
				.toContain(`<cmcc-uaid> invalid-option: timeoutMs must be > 0 (ms), got NaN — timeout="${value}" is no number of ms`);
			expect(await events(page, 'uaid-error')).toHaveLength(0);
			await button(page).click();
			await waitForOutcome(page);
			await expect(page.locator('cmcc-uaid').locator('[part="error-detail"]')).toContainText(
				`timeoutMs must be > 0 (ms), got NaN — timeout="${value}" is no number of ms`,
			);
			page.removeAllListeners('console');
		}
	});

	test('a validate that gets no answer names its URL in the console', async ({ page, demo }) => {
		const warnings = collectWarnings(page);
		await openElement(page, demo);
		await page.route('**/uaid/validate', (route) => route.abort('connectionrefused'));
		await button(page).click();
		expect((await waitForOutcome(page)).detail).toMatchObject({ code: 'network', stage: 'validate' });
		expect(warnings.join('\n')).toContain(`no answer from ${demo.origin}/uaid/validate`);
	});

	test('the demo’s script-tag page asks coverage and sign once', async ({ page, demo }) => {
		const asked: string[] = [];
		page.on('request', (request) => {
			const path = new URL(request.url()).pathname;
			if (path === '/uaid/coverage' || path === '/uaid/sign') asked.push(path);
		});
		await recordEvents(page);
		await page.goto(demo.url);
		// The demo's own UI is in place (the page script has run) and both answers are in.
		await expect(page.locator('ol.flow')).toBeVisible();
		await page.waitForFunction(() =>
			(window as unknown as { __uaidEvents: { type: string }[] }).__uaidEvents.some((e) => e.type === 'uaid-availability'),
		);
		await page.waitForLoadState('networkidle');
		expect(asked.sort()).toEqual(['/uaid/coverage', '/uaid/sign']);
	});
});
