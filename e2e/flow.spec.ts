import { button, events, expect, recordEvents, statusLine, test, waitForOutcome } from './support/fixtures.js';

test.describe('the whole flow in a real browser', () => {
	test('the script-tag bundle in a plain page reaches uaid-success with the UAID the simulator confirms', async ({ page, demo }) => {
		await recordEvents(page);
		await page.goto(demo.url);
		await button(page).click();
		const outcome = await waitForOutcome(page);
		expect(outcome.type).toBe('uaid-success');
		const { msisdn } = demo.simulator.network();
		expect(outcome.detail.uaid).toBe(demo.simulator.uaidFor(demo.appId, msisdn));
		expect(outcome).toMatchObject({ className: 'UaidSuccessEvent', bubbles: true, composed: true });
		expect(outcome.detail.traceId).toMatch(/^[a-z0-9]{32}$/);
		await expect(statusLine(page)).toHaveText('认证成功');
		const token = await events(page, 'uaid-token');
		expect(token).toHaveLength(1);
		expect(token[0]).toMatchObject({
			className: 'UaidTokenEvent',
			bubbles: true,
			composed: true,
			detail: { traceId: outcome.detail.traceId },
		});
		expect(token[0]!.detail.token).toMatch(/^H5HTTPS[0-9A-F]{32}$/);
	});

	test('the SPA importing the ESM element reaches uaid-success with the UAID the simulator confirms', async ({ page, demo }) => {
		await recordEvents(page);
		await page.goto(demo.spaUrl);
		await button(page).click();
		const outcome = await waitForOutcome(page);
		expect(outcome.type).toBe('uaid-success');
		expect(outcome.detail.uaid).toBe(demo.simulator.uaidFor(demo.appId, demo.simulator.network().msisdn));
		expect(outcome.className).toBe('UaidSuccessEvent');
	});
});
