/**
 * Issue 16 in Chromium: `<cmcc-uaid>` asks the demo backend's coverage endpoint (whose answer
 * follows the simulator's network mode) and shows the integrator's fallback where UAID cannot work.
 */
import type { Page } from '@playwright/test';
import type { RunningDemo } from '../src/demo/demo-server.js';
import { button, events, expect, recordEvents, test, waitForOutcome } from './support/fixtures.js';

const FALLBACK = '<a slot="fallback" href="/sms-login">SMS login</a>';

/** Loads a page with the element (and a fallback link in its slot); returns the coverage requests it makes. */
async function fixture(page: Page, demo: RunningDemo, attributes = ''): Promise<string[]> {
	const asked: string[] = [];
	page.on('request', (request) => {
		if (request.url().includes('coverage')) asked.push(`${request.method()} ${new URL(request.url()).pathname}`);
	});
	await recordEvents(page);
	await page.goto(`${demo.origin}/bare.html`);
	await page.evaluate(
		(markup) => document.body.insertAdjacentHTML('beforeend', markup),
		`<cmcc-uaid lang="en" token-url="${demo.simulator.getMobileUrl}" ${attributes}>${FALLBACK}</cmcc-uaid>`,
	);
	return asked;
}

const fallback = (page: Page) => page.locator('cmcc-uaid a[slot="fallback"]');
const availability = async (page: Page) => {
	await page.waitForFunction(() =>
		(window as unknown as { __uaidEvents: { type: string }[] }).__uaidEvents.some((e) => e.type === 'uaid-availability'),
	);
	return events(page, 'uaid-availability');
};

test.describe('coverage and the fallback slot (issue 16)', () => {
	test('on China Mobile: uaid-availability says china-mobile, the button shows and the fallback stays hidden until a not-cellular error', async ({
		page,
		demo,
	}) => {
		const asked = await fixture(page, demo);
		expect(await availability(page)).toEqual([
			{ type: 'uaid-availability', className: 'UaidAvailabilityEvent', bubbles: true, composed: true, detail: { carrier: 'china-mobile' } },
		]);
		expect(asked).toEqual(['GET /uaid/coverage']);
		await expect(button(page)).toBeVisible();
		await expect(fallback(page)).toBeHidden();
		demo.simulator.setNetwork({ mode: 'cellular-no-number' });
		await button(page).click();
		expect(await waitForOutcome(page)).toMatchObject({ type: 'uaid-error', detail: { code: 'not-cellular' } });
		await expect(fallback(page)).toBeVisible();
	});

	test('on another carrier: the carrier named (China Unicom, the simulator’s default), the fallback shows and the button stays by default', async ({
		page,
		demo,
	}) => {
		demo.simulator.setNetwork({ mode: 'other-carrier' });
		await fixture(page, demo);
		expect((await availability(page))[0]!.detail).toEqual({ carrier: 'china-unicom' });
		await expect(fallback(page)).toBeVisible();
		await expect(button(page)).toBeVisible();
	});

	test('hide-unavailable hides the button when the carrier is other, and only then', async ({ page, demo }) => {
		demo.simulator.setNetwork({ mode: 'other-carrier' });
		await fixture(page, demo, 'hide-unavailable');
		await availability(page);
		await expect(fallback(page)).toBeVisible();
		await expect(button(page)).toBeHidden();
		demo.simulator.setNetwork({ mode: 'cellular' });
		await page.reload();
		await page.evaluate(
			(markup) => document.body.insertAdjacentHTML('beforeend', markup),
			`<cmcc-uaid hide-unavailable token-url="${demo.simulator.getMobileUrl}">${FALLBACK}</cmcc-uaid>`,
		);
		await availability(page);
		await expect(button(page)).toBeVisible();
		await expect(fallback(page)).toBeHidden();
	});

	test('coverage-url="" turns it off: no request, no event, the button and no fallback', async ({ page, demo }) => {
		demo.simulator.setNetwork({ mode: 'other-carrier' });
		// The prefetch is asked alongside coverage on connect: once it is in, coverage would have been asked too.
		const signed = page.waitForResponse((response) => response.url().endsWith('/uaid/sign'));
		const asked = await fixture(page, demo, 'coverage-url=""');
		await signed;
		expect(asked).toEqual([]);
		expect(await events(page, 'uaid-availability')).toEqual([]);
		await expect(button(page)).toBeVisible();
		await expect(fallback(page)).toBeHidden();
	});

	test('coverage endpoint down: unknown, no error shown, and the flow still works', async ({ page, demo }) => {
		await fixture(page, demo, 'coverage-url="/uaid/no-coverage-here"');
		expect((await availability(page))[0]!.detail).toEqual({ carrier: 'unknown' });
		expect(await events(page, 'uaid-error')).toEqual([]);
		await expect(page.locator('cmcc-uaid').locator('[part="status"]')).toHaveText('');
		await expect(fallback(page)).toBeHidden();
		await button(page).click();
		expect((await waitForOutcome(page)).type).toBe('uaid-success');
	});
});
