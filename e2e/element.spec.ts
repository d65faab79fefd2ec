import type { Page } from '@playwright/test';
import type { RunningDemo } from '../src/demo/demo-server.js';
import { button, events, expect, recordEvents, retryButton, statusLine, test, waitForOutcome } from './support/fixtures.js';

/**
 * The demo's bare page (the built script-tag bundle, nothing else; /uaid/* same-origin) with the
 * given markup put in; `{{TOKEN_URL}}` is the simulator's getMobile URL. Served by the real server,
 * not by page.route: Chromium's local-network-access check needs a page that came from loopback.
 */
async function fixture(page: Page, demo: RunningDemo, markup: string): Promise<void> {
	await recordEvents(page);
	await page.goto(`${demo.origin}/bare.html`);
	await page.evaluate(
		(html) => document.body.insertAdjacentHTML('beforeend', html),
		markup.replaceAll('{{TOKEN_URL}}', demo.simulator.getMobileUrl),
	);
}

const DEFAULT_MARKUP = '<cmcc-uaid token-url="{{TOKEN_URL}}"></cmcc-uaid>';

/** Requests the page makes to the backend and the platform, in order, as "METHOD path". */
function trackRequests(page: Page): string[] {
	const seen: string[] = [];
	page.on('request', (request) => {
		const url = new URL(request.url());
		// The coverage question on connect and the getMobile report (a beacon) have their own specs (coverage.spec.ts, report.spec.ts); these count the flow's requests.
		if (url.pathname === '/uaid/coverage' || url.pathname === '/uaid/report') return;
		if (url.pathname.startsWith('/uaid/') || url.pathname === '/h5/getMobile') seen.push(`${request.method()} ${url.pathname}`);
	});
	return seen;
}

const signRequests = (demo: RunningDemo) => demo.simulator.log().filter((e) => e.endpoint === 'getMobile');

test.describe('<cmcc-uaid>', () => {
	test('start() resolves with what uaid-success carries; events bubble, are composed and are the exported classes', async ({
		page,
		demo,
	}) => {
		await fixture(page, demo, DEFAULT_MARKUP);
		const result = await page.locator('cmcc-uaid').evaluate((element: HTMLElement & { start(): Promise<unknown> }) => element.start());
		const success = await events(page, 'uaid-success');
		expect(success).toHaveLength(1);
		expect(success[0]).toMatchObject({
			className: 'UaidSuccessEvent',
			bubbles: true,
			composed: true,
			detail: result as Record<string, unknown>,
		});
		const progress = await events(page, 'uaid-progress');
		expect(progress.map((e) => `${e.detail.stage}:${e.detail.phase}`)).toEqual([
			'sign:start',
			'sign:done',
			'token:start',
			'token:done',
			'validate:start',
			'validate:done',
		]);
		expect(progress.every((e) => e.className === 'UaidProgressEvent' && e.bubbles && e.composed)).toBe(true);
	});

	test('properties set just before start() apply to that run instead of aborting it, on a new element and on one already shown', async ({
		page,
		demo,
	}) => {
		await fixture(page, demo, '<div id="host"></div>');
		const fresh = await page.evaluate(async (tokenUrl) => {
			const element = document.createElement('cmcc-uaid');
			document.getElementById('host')!.append(element);
			element.tokenUrl = tokenUrl;
			return element.start().then(
				(result) => ({ ok: 'traceId' in result }),
				(error: { code: string }) => ({ ok: false, code: error.code }),
			);
		}, demo.simulator.getMobileUrl);
		expect(fresh).toEqual({ ok: true });
		const shown = await page
			.locator('cmcc-uaid')
			.evaluate(async (element: HTMLElement & { timeout: number; reset(): void; start(): Promise<Record<string, unknown>> }) => {
				element.reset();
				element.timeout = 8000;
				return element.start().then(
					(result) => ({ ok: 'traceId' in result }),
					(error: { code: string }) => ({ ok: false, code: error.code }),
				);
			});
		expect(shown).toEqual({ ok: true });
		expect(await events(page, 'uaid-success')).toHaveLength(2);
		expect(await events(page, 'uaid-error')).toHaveLength(0);
	});

	test('timeout: removed or empty means the default; a value that is not a number fails the run with invalid-option naming it', async ({
		page,
		demo,
	}) => {
		await fixture(page, demo, '<cmcc-uaid timeout="8000" token-url="{{TOKEN_URL}}"></cmcc-uaid>');
		const element = page.locator('cmcc-uaid');
		type Uaid = HTMLElement & { timeout: unknown; reset(): void; start(): Promise<unknown> };
		const runWith = (attribute: string | null) =>
			element.evaluate(async (node: Uaid, value) => {
				node.reset();
				if (value === null) node.removeAttribute('timeout');
				else node.setAttribute('timeout', value);
				return node.start().then(
					() => ({ ok: true, timeout: node.timeout }),
					(error: { code: string; message: string }) => ({ ok: false, code: error.code, message: error.message }),
				);
			}, attribute);
		expect(await runWith(null)).toEqual({ ok: true, timeout: undefined });
		expect(await runWith('  ')).toEqual({ ok: true, timeout: undefined });
		expect(await runWith('5000')).toEqual({ ok: true, timeout: 5000 });
		expect(await runWith('abc')).toMatchObject({
			ok: false,
			code: 'invalid-option',
			message: expect.stringMatching(/^timeoutMs must be > 0 \(ms\), got NaN/),
		});
	});

	test('a second start() while one runs joins it: one getMobile, one event', async ({ page, demo }) => {
		await fixture(page, demo, DEFAULT_MARKUP);
		const same = await page.locator('cmcc-uaid').evaluate(async (element: HTMLElement & { start(): Promise<unknown> }) => {
			const a = element.start();
			const b = element.start();
			await a;
			return a === b;
		});
		expect(same).toBe(true);
		expect(signRequests(demo)).toHaveLength(1);
		expect(await events(page, 'uaid-success')).toHaveLength(1);
	});

	test('validate-url="" stops after the token: only uaid-token, start() resolves with { token, traceId }', async ({ page, demo }) => {
		await fixture(page, demo, '<cmcc-uaid validate-url="" token-url="{{TOKEN_URL}}"></cmcc-uaid>');
		const requests = trackRequests(page);
		const result = (await page
			.locator('cmcc-uaid')
			.evaluate((element: HTMLElement & { start(): Promise<unknown> }) => element.start())) as Record<string, string>;
		expect(Object.keys(result).sort()).toEqual(['token', 'traceId']);
		expect(await events(page, 'uaid-token')).toMatchObject([{ className: 'UaidTokenEvent', detail: result }]);
		expect(await events(page, 'uaid-success')).toEqual([]);
		expect(requests.filter((r) => r.endsWith('/uaid/validate'))).toEqual([]);
		await expect(statusLine(page)).toHaveText('已获取认证凭证');
	});

	test('the signed request is fetched on connect, so after the click only getMobile and validate remain', async ({ page, demo }) => {
		const requests = trackRequests(page);
		await fixture(page, demo, DEFAULT_MARKUP);
		await expect.poll(() => requests).toEqual(['POST /uaid/sign']);
		await button(page).click();
		await waitForOutcome(page);
		expect(requests.slice(0, 3)).toEqual(['POST /uaid/sign', 'POST /h5/getMobile', 'POST /uaid/validate']);
		const progress = await events(page, 'uaid-progress');
		expect(progress.find((e) => e.detail.stage === 'sign' && e.detail.phase === 'done')?.detail.prefetched).toBe(true);
		// After success the button starts nothing, so nothing is fetched ahead until reset() makes it start again.
		expect(requests).toHaveLength(3);
		await page.locator('cmcc-uaid').evaluate((element: HTMLElement & { reset(): void }) => element.reset());
		await expect.poll(() => requests).toEqual(['POST /uaid/sign', 'POST /h5/getMobile', 'POST /uaid/validate', 'POST /uaid/sign']);
		await button(page).click();
		await waitForOutcome(page, 1);
		expect(requests.slice(4, 6)).toEqual(['POST /h5/getMobile', 'POST /uaid/validate']);
		const secondSign = (await events(page, 'uaid-progress')).filter((e) => e.detail.stage === 'sign' && e.detail.phase === 'done')[1];
		expect(secondSign?.detail.prefetched).toBe(true);
	});

	test('prefetch="intent" waits for hover or focus; the signed request is never used twice', async ({ page, demo }) => {
		const requests = trackRequests(page);
		await fixture(page, demo, `<cmcc-uaid prefetch="intent" token-url="{{TOKEN_URL}}"></cmcc-uaid>`);
		await expect(button(page)).toBeVisible();
		expect(requests).toEqual([]);
		await button(page).hover();
		await expect.poll(() => requests).toEqual(['POST /uaid/sign']);
		await button(page).click();
		await waitForOutcome(page);
		await page.locator('cmcc-uaid').evaluate((element: HTMLElement & { reset(): void }) => element.reset());
		await button(page).click();
		await waitForOutcome(page, 1);
		expect(requests.filter((r) => r === 'POST /uaid/sign').length).toBeGreaterThanOrEqual(2);
		const traceIds = await page.evaluate(() =>
			(window as unknown as { __uaidEvents: { type: string; detail: { traceId: string } }[] }).__uaidEvents
				.filter((e) => e.type === 'uaid-success')
				.map((e) => e.detail.traceId),
		);
		expect(new Set(traceIds).size).toBe(2);
	});

	test('a preconnect to the getMobile origin is added once', async ({ page, demo }) => {
		await fixture(page, demo, `${DEFAULT_MARKUP}${DEFAULT_MARKUP}`);
		const preconnect = page.locator(`head link[rel="preconnect"][href="${demo.simulator.url}"]`);
		await expect(preconnect).toHaveCount(1);
		expect(await preconnect.getAttribute('crossorigin')).toBe('anonymous');
	});

	test('reset() aborts the run: start() rejects with aborted, no event, late answers dropped', async ({ page, demo }) => {
		demo.simulator.setFaults({ getMobile: { latencyMs: 1_500 } });
		await fixture(page, demo, DEFAULT_MARKUP);
		const requests = trackRequests(page);
		await page.locator('cmcc-uaid').evaluate((element: HTMLElement & { start(): Promise<unknown> }) => {
			(window as unknown as { __run: Promise<string> }).__run = element.start().then(
				() => 'resolved',
				(error: { code: string }) => error.code,
			);
		});
		await expect.poll(() => requests).toContain('POST /h5/getMobile');
		const outcome = await page.locator('cmcc-uaid').evaluate(async (element: HTMLElement & { reset(): void; state: string }) => {
			element.reset();
			return { code: await (window as unknown as { __run: Promise<string> }).__run, state: element.state };
		});
		expect(outcome).toEqual({ code: 'aborted', state: 'idle' });
		// Wait past the latency: the platform's late answer must not lead to validation or an event.
		await expect.poll(() => signRequests(demo).length, { timeout: 10_000 }).toBe(1);
		expect(requests.filter((r) => r.endsWith('/uaid/validate'))).toEqual([]);
		// uaid-availability answers the coverage question asked on connect, not the run.
		expect((await events(page)).filter((e) => e.type !== 'uaid-progress' && e.type !== 'uaid-availability')).toEqual([]);
	});

	test('disconnecting the element aborts its run and drops late answers', async ({ page, demo }) => {
		demo.simulator.setFaults({ getMobile: { latencyMs: 1_500 } });
		await fixture(page, demo, DEFAULT_MARKUP);
		const requests = trackRequests(page);
		await button(page).click();
		await expect.poll(() => requests).toContain('POST /h5/getMobile');
		await page.evaluate(() => document.querySelector('cmcc-uaid')!.remove());
		await expect.poll(() => signRequests(demo).length, { timeout: 10_000 }).toBe(1);
		expect(requests.filter((r) => r.endsWith('/uaid/validate'))).toEqual([]);
		// uaid-availability answers the coverage question asked on connect, not the run.
		expect((await events(page)).filter((e) => e.type !== 'uaid-progress' && e.type !== 'uaid-availability')).toEqual([]);
	});

	test('states are announced: a polite live region, aria-busy and a spinner while busy', async ({ page, demo }) => {
		demo.simulator.setFaults({ getMobile: { latencyMs: 800 } });
		await fixture(page, demo, DEFAULT_MARKUP);
		await expect(statusLine(page)).toHaveAttribute('role', 'status');
		await expect(statusLine(page)).toHaveAttribute('aria-live', 'polite');
		await button(page).click();
		await expect(button(page)).toHaveAttribute('aria-busy', 'true');
		await expect(page.locator('cmcc-uaid').locator('[part="spinner"]')).toBeVisible();
		await expect(statusLine(page)).toHaveText('正在认证…');
		await waitForOutcome(page);
		await expect(button(page)).toHaveAttribute('aria-busy', 'false');
		await expect(page.locator('cmcc-uaid').locator('[part="spinner"]')).toHaveCount(0);
	});

	test('lang="en" gives English; the default slot labels the button', async ({ page, demo }) => {
		demo.simulator.setNetwork({ mode: 'other-carrier' });
		await fixture(
			page,
			demo,
			'<cmcc-uaid lang="en" token-url="{{TOKEN_URL}}">Get my UAID</cmcc-uaid><cmcc-uaid id="zh" token-url="{{TOKEN_URL}}"></cmcc-uaid>',
		);
		await expect(page.locator('#zh').locator('[part="label"]')).toHaveText('本机一键认证');
		await expect(page.locator('cmcc-uaid[lang="en"]').locator('[part="button"]')).toHaveAccessibleName('Get my UAID');
		await page.locator('cmcc-uaid[lang="en"]').locator('[part="button"]').click();
		await waitForOutcome(page);
		// The simulator's other carrier is China Unicom, which getMobile's answer names (issue 23).
		await expect(page.locator('cmcc-uaid[lang="en"]').locator('[part="status"]')).toHaveText(
			"This is China Unicom data; use China Mobile's.",
		);
		await expect(page.locator('cmcc-uaid[lang="en"]').locator('[part="retry-button"]')).toHaveText('Try again');
	});

	test('hidden: nothing shown, and start() from the page still gets the UAID', async ({ page, demo }) => {
		await fixture(page, demo, '<cmcc-uaid hidden token-url="{{TOKEN_URL}}"></cmcc-uaid>');
		await expect(page.locator('cmcc-uaid')).toBeHidden();
		const result = (await page
			.locator('cmcc-uaid')
			.evaluate((element: HTMLElement & { start(): Promise<unknown> }) => element.start())) as { uaid: string };
		expect(result.uaid).toBe(demo.simulator.uaidFor(demo.appId, demo.simulator.network().msisdn));
	});

	test('auto starts when connected', async ({ page, demo }) => {
		await fixture(page, demo, '<cmcc-uaid auto token-url="{{TOKEN_URL}}"></cmcc-uaid>');
		expect((await waitForOutcome(page)).type).toBe('uaid-success');
	});

	test('themable through --cmcc-uaid-* custom properties and parts', async ({ page, demo }) => {
		await fixture(page, demo, DEFAULT_MARKUP);
		// Through the CSSOM: the bare page's CSP allows no inline <style>.
		await page.evaluate(() => {
			const sheet = new CSSStyleSheet();
			sheet.replaceSync('cmcc-uaid { --cmcc-uaid-color: rgb(10, 20, 30); } cmcc-uaid::part(button) { border-radius: 0; }');
			document.adoptedStyleSheets = [sheet];
		});
		const style = await button(page).evaluate((element) => ({
			background: getComputedStyle(element).backgroundColor,
			radius: getComputedStyle(element).borderTopLeftRadius,
		}));
		expect(style).toEqual({ background: 'rgb(10, 20, 30)', radius: '0px' });
	});

	test('retry is a new signed request and a new token, never a reused one', async ({ page, demo }) => {
		// At validation, so no automatic retry: the retry button starts the second run.
		demo.simulator.setFaults({ imeiTokenValidate: { resultCode: '999999', count: 1 } });
		await fixture(page, demo, DEFAULT_MARKUP);
		await button(page).click();
		expect((await waitForOutcome(page)).detail).toMatchObject({ code: 'platform-error', platformCode: '999999' });
		await retryButton(page).click();
		expect((await waitForOutcome(page, 1)).type).toBe('uaid-success');
		const tokens = (await events(page, 'uaid-token')).map((e) => e.detail);
		expect(tokens).toHaveLength(2);
		expect(tokens[0]!.token).not.toBe(tokens[1]!.token);
		expect(tokens[0]!.traceId).not.toBe(tokens[1]!.traceId);
	});

	test('skip-wifi-check lets the platform decide even when the browser reports Wi-Fi', async ({ page, demo }) => {
		await page.addInitScript(() => Object.defineProperty(navigator, 'connection', { configurable: true, value: { type: 'wifi' } }));
		await fixture(page, demo, '<cmcc-uaid skip-wifi-check token-url="{{TOKEN_URL}}"></cmcc-uaid>');
		await button(page).click();
		expect((await waitForOutcome(page)).type).toBe('uaid-success');
	});

	test('an attribute that cannot work fails the run with invalid-option and a console warning, and sends nothing', async ({
		page,
		demo,
	}) => {
		const warnings: string[] = [];
		page.on('console', (message) => {
			if (message.type() === 'warning') warnings.push(message.text());
		});
		await fixture(page, demo, '<cmcc-uaid timeout="abc" token-url="{{TOKEN_URL}}"></cmcc-uaid>');
		const requests = trackRequests(page);
		await button(page).click();
		const outcome = await waitForOutcome(page);
		expect(outcome).toMatchObject({ type: 'uaid-error', detail: { code: 'invalid-option', retryable: false } });
		expect(String(outcome.detail.message)).toContain('timeout');
		expect(warnings.some((text) => text.includes('<cmcc-uaid>') && text.includes('timeout'))).toBe(true);
		expect(requests).toEqual([]);
		expect(await page.locator('cmcc-uaid').evaluate((element: HTMLElement & { state: string }) => element.state)).toBe('error');
	});

	test('define() tolerates "already defined" and registers under another tag', async ({ page, demo }) => {
		await fixture(page, demo, '');
		const result = await page.evaluate(() => {
			const { CmccUaidElement } = (window as unknown as { CmccUaid: { CmccUaidElement: { define(tag?: string): unknown } } }).CmccUaid;
			CmccUaidElement.define();
			// A tag needs its own constructor (the custom elements spec): a subclass, as an app renaming the tag would write.
			const MyUaid = class extends (CmccUaidElement as unknown as typeof HTMLElement) {} as unknown as { define(tag?: string): unknown };
			MyUaid.define('my-uaid');
			let otherTagError = '';
			try {
				customElements.define('taken-tag', class extends HTMLElement {});
				CmccUaidElement.define('taken-tag');
			} catch (error) {
				otherTagError = (error as Error).name;
			}
			return {
				defined: customElements.get('my-uaid') === (MyUaid as unknown) && customElements.get('cmcc-uaid') === (CmccUaidElement as unknown),
				otherTagError,
			};
		});
		expect(result.defined).toBe(true);
		expect(result.otherTagError).toBe('');
	});
});
