/**
 * Accessibility of the element, audited: axe (WCAG 2.1 A and AA, and axe's best practices) in
 * every state, both languages, light and dark; the demo pages as a whole; the keyboard; what the
 * live region announces; reduced motion; touch targets. The React and Vue pages are audited in
 * e2e/frameworks.spec.ts, which builds them.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import type { RunningDemo } from '../src/demo/demo-server.js';
import { button, expect, recordEvents, retryButton, statusLine, test, waitForOutcome } from './support/fixtures.js';
import { driveTo, openElement, PHONE, type ColorScheme, type ElementState, type Language } from './support/element-states.js';

const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

/** axe's violations, as `rule: target…` lines, so a failure says what and where. */
async function violations(page: Page, include?: string): Promise<string[]> {
	const builder = new AxeBuilder({ page }).withTags(WCAG);
	const results = await (include ? builder.include(include) : builder).analyze();
	return results.violations.flatMap((violation) =>
		violation.nodes.map((node) => `${violation.id}: ${node.target.join(' ')} — ${node.failureSummary ?? ''}`),
	);
}

test.use({ viewport: PHONE });

test.describe('axe finds nothing', () => {
	const STATES: ElementState[] = ['idle', 'busy', 'success', 'token', 'error'];
	for (const lang of ['zh-CN', 'en'] as Language[]) {
		for (const scheme of ['light', 'dark'] as ColorScheme[]) {
			for (const state of STATES) {
				test(`on the element: ${state}, ${lang}, ${scheme}`, async ({ page, demo }) => {
					await openElement(page, demo, { lang, scheme, attributes: state === 'token' ? 'validate-url=""' : '' });
					await driveTo(page, demo, state);
					expect(await violations(page, 'cmcc-uaid')).toEqual([]);
				});
			}
		}
	}

	test('(the audit sees inside the element: the old default blue, white on #0085d0 at 4.0:1, is a violation)', async ({ page, demo }) => {
		await openElement(page, demo);
		await page.evaluate(() => {
			const sheet = new CSSStyleSheet();
			sheet.replaceSync('cmcc-uaid { --cmcc-uaid-color: #0085d0; }');
			document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
		});
		expect((await violations(page, 'cmcc-uaid')).some((line) => line.startsWith('color-contrast:'))).toBe(true);
	});

	test('on the element showing its error detail (debug)', async ({ page, demo }) => {
		await openElement(page, demo, { attributes: 'debug' });
		await driveTo(page, demo, 'error');
		await expect(page.locator('cmcc-uaid').locator('[part="error-detail"]')).toBeVisible();
		expect(await violations(page, 'cmcc-uaid')).toEqual([]);
	});

	for (const scheme of ['light', 'dark'] as ColorScheme[]) {
		for (const [name, url] of [
			['script-tag', (demo: RunningDemo) => demo.url],
			['SPA', (demo: RunningDemo) => demo.spaUrl],
		] as const) {
			test(`on the ${name} demo page, ${scheme}, before and after a run`, async ({ page, demo }) => {
				await page.emulateMedia({ colorScheme: scheme });
				await recordEvents(page);
				await page.goto(url(demo));
				await expect(button(page)).toBeVisible();
				await expect(page.locator('#network-mode')).toBeVisible();
				expect(await violations(page)).toEqual([]);
				await button(page).click();
				await waitForOutcome(page);
				await expect(page.getByTestId('uaid')).toBeVisible();
				expect(await violations(page)).toEqual([]);
			});
		}
	}
});

test.describe('keyboard', () => {
	test('Tab reaches the button and Enter starts; after an error focus is on the retry button, Space retries, and focus comes back to the button', async ({
		page,
		demo,
	}) => {
		await openElement(page, demo);
		// An error a retry can mend (a misconfiguration offers the fallback instead: e2e/unhappy-path.spec.ts).
		demo.simulator.setFaults({ imeiTokenValidate: { resultCode: '999999', count: 1 } });
		await page.keyboard.press('Tab');
		await expect(button(page)).toBeFocused();
		await page.keyboard.press('Enter');
		expect((await waitForOutcome(page)).detail.code).toBe('platform-error');
		await expect(retryButton(page)).toBeFocused();
		await page.keyboard.press('Space');
		expect((await waitForOutcome(page, 1)).type).toBe('uaid-success');
		await expect(button(page)).toBeFocused();
		await expect(retryButton(page)).toHaveCount(0);
	});

	test('Space on the button starts the run too', async ({ page, demo }) => {
		await openElement(page, demo);
		await button(page).focus();
		await page.keyboard.press('Space');
		expect((await waitForOutcome(page)).type).toBe('uaid-success');
	});

	test('an error does not take focus the element did not have', async ({ page, demo }) => {
		await openElement(page, demo);
		demo.simulator.setNetwork({ mode: 'wifi' });
		await page
			.locator('cmcc-uaid')
			.evaluate((element: HTMLElement & { start(): Promise<unknown> }) => element.start().catch(() => undefined));
		await expect(retryButton(page)).toBeVisible();
		await expect(retryButton(page)).not.toBeFocused();
	});
});

/** Every text the live region holds, in order, each time it changes (a MutationObserver in the page). */
async function recordAnnouncements(page: Page): Promise<() => Promise<string[]>> {
	await statusLine(page).evaluate((status) => {
		const seen: string[] = [];
		(window as unknown as { __announced: string[] }).__announced = seen;
		const read = () =>
			status.firstChild
				? [...status.childNodes]
						.filter((node) => node.nodeType === Node.TEXT_NODE)
						.map((node) => node.textContent)
						.join('')
						.trim()
				: '';
		let last = read();
		new MutationObserver(() => {
			const text = read();
			if (text !== last) seen.push(text);
			last = text;
		}).observe(status, { childList: true, characterData: true, subtree: true });
	});
	return () => page.evaluate(() => (window as unknown as { __announced: string[] }).__announced);
}

test.describe('the live region', () => {
	test('is a polite status, and announces each change once: busy, then success', async ({ page, demo }) => {
		await openElement(page, demo);
		await expect(statusLine(page)).toHaveAttribute('role', 'status');
		await expect(statusLine(page)).toHaveAttribute('aria-live', 'polite');
		const announced = await recordAnnouncements(page);
		await button(page).click();
		await waitForOutcome(page);
		await expect.poll(announced).toEqual(['正在认证…', '认证成功']);
	});

	test('announces the error sentence, then busy and the outcome of the retry, in English', async ({ page, demo }) => {
		await openElement(page, demo, { lang: 'en' });
		demo.simulator.setNetwork({ mode: 'wifi' });
		const announced = await recordAnnouncements(page);
		await button(page).click();
		await waitForOutcome(page);
		demo.simulator.setNetwork({ mode: 'cellular' });
		await retryButton(page).click();
		await waitForOutcome(page, 1);
		await expect
			.poll(announced)
			.toEqual([
				'Verifying…',
				'This phone could not be recognised. Use China Mobile cellular data, then try again.',
				'Verifying…',
				'Verified',
			]);
	});
});

test('prefers-reduced-motion: the spinner does not turn', async ({ page, demo }) => {
	const spinner = page.locator('cmcc-uaid').locator('[part="spinner"]');
	await openElement(page, demo);
	await driveTo(page, demo, 'busy');
	expect(await spinner.evaluate((element) => getComputedStyle(element).animationName)).toBe('cmcc-uaid-spin');
	await page.emulateMedia({ reducedMotion: 'reduce' });
	expect(await spinner.evaluate((element) => getComputedStyle(element).animationName)).toBe('none');
});

test('touch targets: the button and the retry button are at least 44 × 44 CSS px, in both languages', async ({ page, demo }) => {
	for (const lang of ['zh-CN', 'en'] as Language[]) {
		await page.goto('about:blank');
		demo.simulator.reset();
		await openElement(page, demo, { lang });
		const main = await button(page).boundingBox();
		await driveTo(page, demo, 'error');
		const retry = await retryButton(page).boundingBox();
		for (const box of [main, retry]) {
			expect(box!.width).toBeGreaterThanOrEqual(44);
			expect(box!.height).toBeGreaterThanOrEqual(44);
		}
	}
});

test.describe('dark mode', () => {
	test('the outcome colours change for a dark page, and the page’s custom properties still win', async ({ page, demo }) => {
		await openElement(page, demo, { scheme: 'dark' });
		await driveTo(page, demo, 'error');
		expect(await statusLine(page).evaluate((element) => getComputedStyle(element).color)).toBe('rgb(255, 123, 114)');
		await page.evaluate(() => {
			const sheet = new CSSStyleSheet();
			sheet.replaceSync('cmcc-uaid { --cmcc-uaid-error-color: rgb(1, 2, 3); }');
			document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
		});
		expect(await statusLine(page).evaluate((element) => getComputedStyle(element).color)).toBe('rgb(1, 2, 3)');
	});
});
