/**
 * Issue 26 item 3: the documented script-tag recipe with `defer` shifts nothing when the element
 * upgrades, in Chromium with the CPU throttled 4× and a slow network, because the page holds the
 * element's space with the `cmcc-uaid:not(:defined)` rule of docs/element.md. Without the rule the
 * same page shifts (so the measurement sees what it claims to), and the demo's stylesheet carries
 * the documented rule word for word.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { documentedReserveRule, measureRecipeShift, startRecipeServer, type RecipeServer } from '../tools/layout-shift.js';

for (const block of [false, true]) {
	test.describe(`script tag with defer, ${block ? 'block' : 'inline'} element`, () => {
		let server: RecipeServer;
		test.beforeAll(async () => {
			server = await startRecipeServer({ block, holdMs: 1_500 });
		});
		test.afterAll(async () => {
			await server?.close();
		});

		test('with the documented rule: the space is held before definition and CLS is 0', async ({ page }) => {
			const report = await measureRecipeShift(page, `${server.url}/with-rule.html`);
			expect(report.heightBefore).toBeGreaterThan(0);
			expect(Math.abs(report.heightAfter - report.heightBefore)).toBeLessThan(1);
			expect(report.cls).toBe(0);
		});

		test('without it the content below moves (the measurement sees a shift)', async ({ page }) => {
			const report = await measureRecipeShift(page, `${server.url}/without-rule.html`);
			expect(report.cls).toBeGreaterThan(0);
		});
	});
}

test('the demo stylesheet holds the documented rule, and the demo page loads the bundle with defer', () => {
	const demoCss = readFileSync(new URL('../demo/demo.css', import.meta.url), 'utf8');
	expect(demoCss).toContain(documentedReserveRule());
	expect(readFileSync(new URL('../demo/iife.html', import.meta.url), 'utf8')).toMatch(
		/<script defer src="\/cmcc-uaid\.iife\.js"><\/script>/,
	);
});
