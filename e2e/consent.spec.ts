/**
 * `<cmcc-uaid consent>` (issue 27) in Chromium against the demo's kit and the simulator: nothing
 * of the flow is sent before the box is ticked (no coverage, no sign, and getMobile counted at
 * the simulator), a tap then says why and moves focus to the box; ticked, the tap runs the flow
 * with the policy version, which reaches onUaid; `reset()` unticks; keyboard and axe.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { UaidHandlerOptions, UaidLogEvent } from '../src/server/index.js';
import { button, events, expect, statusLine, test, waitForOutcome } from './support/fixtures.js';
import { openElement, PHONE, type ColorScheme, type Language } from './support/element-states.js';
import { checkbox, CONSENT_REQUIRED, getMobileCalls, openConsentElement, recordFlowRequests } from './support/consent.js';

type Context = Parameters<NonNullable<UaidHandlerOptions['onUaid']>>[1];
const contexts: Context[] = [];
const logs: UaidLogEvent[] = [];
const pathOf = (request: { url(): string }) => new URL(request.url()).pathname;

test.use({
	viewport: PHONE,
	demoOptions: { kit: { onUaid: (_result, context) => void contexts.push(context), logger: (event) => void logs.push(event) } },
});

test('before the tick nothing is sent; a tap asks the platform nothing, moves focus to the box and says why', async ({ page, demo }) => {
	const requests = recordFlowRequests(page);
	await openConsentElement(page, demo);
	await expect(checkbox(page)).not.toBeChecked();
	await expect(checkbox(page)).toHaveAccessibleName('我已阅读并同意《隐私政策》');

	await button(page).click();
	await expect(statusLine(page)).toHaveText(CONSENT_REQUIRED['zh-CN']);
	await expect(checkbox(page)).toBeFocused();
	await expect(checkbox(page)).not.toBeChecked();
	await button(page).click();
	await expect(checkbox(page)).toBeFocused();

	const started = await page.locator('cmcc-uaid').evaluate((element: HTMLElement & { start(): Promise<unknown> }) =>
		element.start().then(
			() => 'resolved',
			(error: { name: string; code: string }) => `${error.name} ${error.code}`,
		),
	);
	expect(started).toBe('UaidClientError consent-required');
	expect(await page.locator('cmcc-uaid').evaluate((element: HTMLElement & { state: string }) => element.state)).toBe('idle');
	expect(await events(page)).toEqual([]);
	expect(requests.map(pathOf)).toEqual([]);
	expect(getMobileCalls(demo)).toBe(0);
});

test('ticked, the tap runs the flow with the policy version, and onUaid gets context.consent', async ({ page, demo }) => {
	const requests = recordFlowRequests(page);
	await openConsentElement(page, demo);
	await button(page).click();
	await expect(statusLine(page)).toHaveText(CONSENT_REQUIRED['zh-CN']);

	// The tick is when the element reaches out: the coverage question and the signed request fetched ahead.
	const signed = page.waitForResponse((response) => pathOf(response) === '/uaid/sign');
	await checkbox(page).check();
	await expect(statusLine(page)).toHaveText('');
	const { traceId } = (await (await signed).json()) as { traceId: string };
	expect(logs.find((event) => event.stage === 'sign' && event.traceId === traceId)?.consentVersion).toBe('2026-05');
	expect(getMobileCalls(demo)).toBe(0);

	await button(page).click();
	const outcome = await waitForOutcome(page);
	expect(outcome.type).toBe('uaid-success');
	expect(getMobileCalls(demo)).toBe(1);
	expect(contexts.at(-1)?.consent).toEqual({ version: '2026-05', grantedAt: expect.any(String), grantId: expect.any(String) });
	// The request fetched at the tick served the run: one sign, and it carried the consent.
	expect(requests.map(pathOf).filter((path) => path === '/uaid/sign')).toHaveLength(1);
	expect(logs.find((event) => event.stage === 'validate' && event.traceId === traceId)).toMatchObject({
		consentVersion: '2026-05',
		grantId: contexts.at(-1)!.consent!.grantId,
	});
});

test('the consent lasts for the page: a retry after an error needs no new tick; reset() unticks it', async ({ page, demo }) => {
	await openConsentElement(page, demo);
	await checkbox(page).check();
	// A fault a retry can mend (its automatic retry fails too), so the error state offers the retry button.
	demo.simulator.setFaults({ getMobile: { resultCode: '999999', count: 2 } });
	await button(page).click();
	expect((await waitForOutcome(page)).type).toBe('uaid-error');
	await page.locator('cmcc-uaid').locator('[part="retry-button"]').click();
	expect((await waitForOutcome(page, 1)).type).toBe('uaid-success');
	expect(getMobileCalls(demo)).toBe(3);

	await page.locator('cmcc-uaid').evaluate((element: HTMLElement & { reset(): void }) => element.reset());
	await expect(checkbox(page)).not.toBeChecked();
	await button(page).click();
	await expect(statusLine(page)).toHaveText(CONSENT_REQUIRED['zh-CN']);
	await expect(checkbox(page)).toBeFocused();
	expect(getMobileCalls(demo)).toBe(3);
});

test('by keyboard: Tab reaches the box first; Enter on the button before the tick takes focus back to it, Space ticks, and Enter runs', async ({
	page,
	demo,
}) => {
	await openConsentElement(page, demo, { lang: 'en' });
	await page.keyboard.press('Tab');
	await expect(checkbox(page)).toBeFocused();
	await page.keyboard.press('Tab');
	await page.keyboard.press('Tab');
	await expect(button(page)).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(checkbox(page)).toBeFocused();
	await expect(statusLine(page)).toHaveText(CONSENT_REQUIRED.en);
	await page.keyboard.press('Space');
	await expect(checkbox(page)).toBeChecked();
	await button(page).focus();
	await page.keyboard.press('Enter');
	expect((await waitForOutcome(page)).type).toBe('uaid-success');
	expect(getMobileCalls(demo)).toBe(1);
});

test('without consent nothing changes: no checkbox, the signed request is fetched on connect, and no consent reaches the kit', async ({
	page,
	demo,
}) => {
	const signed = page.waitForResponse((response) => pathOf(response) === '/uaid/sign');
	await openElement(page, demo);
	await signed;
	await expect(checkbox(page)).toHaveCount(0);
	await button(page).click();
	const outcome = await waitForOutcome(page);
	expect(outcome.type).toBe('uaid-success');
	expect('consent' in contexts.at(-1)!).toBe(false);
	const lines = logs.filter((event) => event.traceId === outcome.detail.traceId);
	// The getMobile outcome's report (issue 25) is a beacon that may land before or after validate; it carries no consent either.
	const flow = lines.map((event) => event.stage).filter((stage) => stage !== 'report');
	expect(flow.sort()).toEqual(['platform', 'sign', 'validate']);
	for (const line of lines) expect(line.consentVersion ?? line.grantId).toBeUndefined();
});

test.describe('axe finds nothing', () => {
	for (const lang of ['zh-CN', 'en'] as Language[]) {
		for (const scheme of ['light', 'dark'] as ColorScheme[]) {
			test(`on the consent row, unticked, after a tap and ticked: ${lang}, ${scheme}`, async ({ page, demo }) => {
				const audit = async () =>
					(
						await new AxeBuilder({ page })
							.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
							.include('cmcc-uaid')
							.analyze()
					).violations.flatMap((violation) => violation.nodes.map((node) => `${violation.id}: ${node.target.join(' ')}`));
				await openConsentElement(page, demo, { lang, scheme });
				expect(await audit()).toEqual([]);
				await button(page).click();
				await expect(statusLine(page)).toHaveText(CONSENT_REQUIRED[lang]);
				expect(await audit()).toEqual([]);
				await checkbox(page).check();
				expect(await audit()).toEqual([]);
			});
		}
	}

	test('with the default label when the page puts nothing in the slot', async ({ page, demo }) => {
		await openElement(page, demo, { lang: 'en', attributes: 'consent' });
		await expect(checkbox(page)).toHaveAccessibleName('I agree');
		expect((await new AxeBuilder({ page }).include('cmcc-uaid').analyze()).violations).toEqual([]);
	});
});
