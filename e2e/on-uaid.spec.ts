import type { Page } from '@playwright/test';
import type { RunningDemo } from '../src/demo/demo-server.js';
import type { UaidHandlerOptions } from '../src/server/index.js';
import { events, expect, recordEvents, retryButton, statusLine, test, waitForOutcome } from './support/fixtures.js';

/**
 * The backend's `onUaid` hook and `exposeUaid: false`, seen from Chromium: the page gets the hook's
 * fields and cookies, and no byte it can see carries the UAID.
 */

/** What the browser can see: every backend answer's body and headers, and every console message. */
function watchPage(page: Page): { answers: string[]; console: string[] } {
	const seen = { answers: [] as string[], console: [] as string[] };
	page.on('console', (message) => seen.console.push(message.text()));
	page.on('response', async (response) => {
		if (!new URL(response.url()).pathname.startsWith('/uaid/')) return;
		const headers = Object.entries(await response.allHeaders())
			.map(([name, value]) => `${name}: ${value}`)
			.join('\n');
		seen.answers.push(`${headers}\n\n${await response.text()}`);
	});
	return seen;
}

async function open(page: Page, demo: RunningDemo, markup: string): Promise<void> {
	await recordEvents(page);
	await page.goto(`${demo.origin}/bare.html`);
	await page.evaluate(
		(html) => document.body.insertAdjacentHTML('beforeend', html),
		markup.replaceAll('{{TOKEN_URL}}', demo.simulator.getMobileUrl),
	);
}

const subscriberUaid = (demo: RunningDemo): string => demo.simulator.uaidFor(demo.appId, demo.simulator.network().msisdn);

test.describe('exposeUaid: false with an onUaid hook', () => {
	const hookCalls: string[] = [];
	const onUaid: UaidHandlerOptions['onUaid'] = ({ uaid }) => {
		hookCalls.push(uaid);
		return {
			body: { signedIn: true, name: 'Li' },
			headers: { 'set-cookie': ['sid=s-1; Path=/; HttpOnly; SameSite=Lax', 'greeting=hello; Path=/; SameSite=Lax'] },
		};
	};
	test.use({ demoOptions: { kit: { exposeUaid: false, onUaid } } });

	test('the page gets the hook’s data and both cookies, and no answer, event, DOM node or console line carries the UAID', async ({
		page,
		demo,
		context,
	}) => {
		hookCalls.length = 0;
		const seen = watchPage(page);
		await open(page, demo, '<cmcc-uaid token-url="{{TOKEN_URL}}"></cmcc-uaid>');
		const result = await page.locator('cmcc-uaid').evaluate((element: HTMLElement & { start(): Promise<unknown> }) => element.start());
		const uaid = subscriberUaid(demo);
		expect(hookCalls).toEqual([uaid]);

		expect(result).toEqual({ traceId: expect.any(String), data: { signedIn: true, name: 'Li' } });
		const success = await events(page, 'uaid-success');
		expect(success).toHaveLength(1);
		expect(success[0]?.detail).toEqual(result);
		expect('uaid' in (success[0]?.detail ?? {})).toBe(false);
		await expect(statusLine(page)).toHaveText('认证成功');

		const cookies = await context.cookies(demo.origin);
		expect(cookies.map((c) => [c.name, c.value, c.httpOnly]).sort()).toEqual([
			['greeting', 'hello', false],
			['sid', 's-1', true],
		]);
		expect(await page.evaluate(() => document.cookie)).toBe('greeting=hello');

		await expect.poll(() => seen.answers.some((answer) => answer.includes('"signedIn":true'))).toBe(true);
		const dom = await page.evaluate(
			() =>
				document.documentElement.outerHTML +
				[...document.querySelectorAll('cmcc-uaid')].map((el) => el.shadowRoot?.innerHTML ?? '').join(''),
		);
		const allEvents = JSON.stringify(await events(page));
		for (const [where, text] of [
			['answers', seen.answers.join('\n')],
			['events', allEvents],
			['DOM', dom],
			['console', seen.console.join('\n')],
			['start() result', JSON.stringify(result)],
		] as const) {
			expect(text, where).not.toContain(uaid);
			expect(text, `${where}, even in part`).not.toContain(uaid.slice(0, 16));
		}
	});
});

test.describe('an onUaid hook that fails', () => {
	let calls = 0;
	test.use({
		demoOptions: {
			kit: {
				logger: () => undefined,
				onUaid: async () => {
					calls++;
					throw new Error('session store down');
				},
			},
		},
	});

	test('the element shows "service unavailable", fires integrator-failed once, and nothing retries the hook', async ({ page, demo }) => {
		calls = 0;
		await open(page, demo, '<cmcc-uaid lang="en" token-url="{{TOKEN_URL}}"></cmcc-uaid>');
		await page.locator('cmcc-uaid').locator('[part="button"]').click();
		const outcome = await waitForOutcome(page);
		expect(outcome).toMatchObject({ type: 'uaid-error', detail: { code: 'integrator-failed', stage: 'validate', retryable: false } });
		expect(JSON.stringify(outcome.detail)).not.toContain('session store down');
		await expect(statusLine(page)).toContainText('The verification service is unavailable.');
		// Not retryable, says the backend: no retry is offered (issue 25), so the hook is not called again.
		await expect(retryButton(page)).toHaveCount(0);
		expect(calls).toBe(1);
		expect(await events(page, 'uaid-error')).toHaveLength(1);
		expect(demo.simulator.log().filter((entry) => entry.endpoint === 'imeiTokenValidate')).toHaveLength(1);
	});
});
