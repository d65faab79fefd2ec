/**
 * The demo pages on a phone (360 × 740): no horizontal scroll, before and after a run and with
 * an error shown; the simulator's controls fit and its request table scrolls inside its own box.
 * The React and Vue pages are checked in e2e/frameworks.spec.ts, which builds them.
 */
import type { RunningDemo } from '../src/demo/demo-server.js';
import { button, expect, recordEvents, test, waitForOutcome } from './support/fixtures.js';
import { pageOverflow, PHONE } from './support/element-states.js';

test.use({ viewport: PHONE });

for (const [name, url] of [
	['script-tag', (demo: RunningDemo) => demo.url],
	['SPA', (demo: RunningDemo) => demo.spaUrl],
] as const) {
	test(`the ${name} demo page has no horizontal scroll, idle, after success and after an error`, async ({ page, demo }) => {
		await recordEvents(page);
		await page.goto(url(demo));
		await expect(page.locator('#network-mode')).toBeVisible();
		const fits = async (when: string) => {
			const { scrollWidth, innerWidth } = await pageOverflow(page);
			expect(scrollWidth, when).toBeLessThanOrEqual(innerWidth);
		};
		await fits('idle');
		await button(page).click();
		await waitForOutcome(page);
		await expect(page.locator('table tbody tr').first()).toBeVisible();
		await fits('after success');
		// The table keeps its columns and scrolls in its own box.
		expect(await page.locator('.table-scroll').evaluate((box) => getComputedStyle(box).overflowX)).toBe('auto');
		demo.simulator.setNetwork({ mode: 'wifi' });
		await page.locator('cmcc-uaid').evaluate((element: HTMLElement & { reset(): void }) => element.reset());
		await button(page).click();
		await waitForOutcome(page, 1);
		await fits('after an error');
	});
}
