/**
 * Issue 12's misconfigurations, in Chromium against the demo backend and the simulator: what the
 * developer sees in `uaid-error`'s message and the console, and what one tap costs.
 */
import type { Page } from '@playwright/test';
import type { RunningDemo } from '../src/demo/demo-server.js';
import { button, events, expect, recordEvents, statusLine, test, waitForOutcome } from './support/fixtures.js';
import { freePort } from '../tools/children.js';

async function fixture(page: Page, demo: RunningDemo, attributes: string, origin = demo.origin, head = ''): Promise<string[]> {
	const warnings: string[] = [];
	page.on('console', (message) => {
		if (message.type() === 'warning') warnings.push(message.text());
	});
	await recordEvents(page);
	await page.goto(`${origin}/bare.html#frag`);
	await page.evaluate(
		([markup, extraHead]) => {
			document.head.insertAdjacentHTML('beforeend', extraHead);
			document.body.insertAdjacentHTML('beforeend', markup);
		},
		[`<cmcc-uaid lang="en" token-url="${demo.simulator.getMobileUrl}" ${attributes}></cmcc-uaid>`, head] as const,
	);
	return warnings;
}

async function tapForError(page: Page): Promise<Record<string, unknown>> {
	await button(page).click();
	const outcome = await waitForOutcome(page);
	expect(outcome.type).toBe('uaid-error');
	return outcome.detail;
}

const getMobileCalls = (demo: RunningDemo) => demo.simulator.log().filter((entry) => entry.endpoint === 'getMobile' && !entry.preflight);

/**
 * Records, in the page, each `fetch()` whose URL contains `part`, as it is called: the element's
 * prefetch decision and its fetch() run in the outcome's own task (no timer between them), so a
 * page.evaluate after the outcome, a later task, sees every fetch that decision started.
 */
async function recordFetches(page: Page, part: string): Promise<() => Promise<number>> {
	await page.addInitScript((needle) => {
		const calls: string[] = [];
		(window as unknown as { __fetches: string[] }).__fetches = calls;
		const original = window.fetch.bind(window);
		window.fetch = (input, init) => {
			const url = input instanceof Request ? input.url : String(input);
			if (url.includes(needle)) calls.push(url);
			return original(input, init);
		};
	}, part);
	return () => page.evaluate(() => (window as unknown as { __fetches: string[] }).__fetches.length);
}

async function closedPortUrl(path: string): Promise<string> {
	return `http://127.0.0.1:${await freePort()}${path}`;
}

test.describe('misconfigurations surface the fix (issue 12)', () => {
	test('getMobile 130018 (a wrong appKey or appId): the message and the console say the appKey or appId does not match', async ({
		page,
		demo,
	}) => {
		const warnings = await fixture(page, demo, 'prefetch="none"');
		demo.simulator.setFaults({ getMobile: { resultCode: '130018' } });
		const detail = await tapForError(page);
		expect(detail).toMatchObject({ code: 'app-config', stage: 'token', platformCode: '130018' });
		expect(detail.message).toContain("the appKey or appId does not match the platform's");
		expect(warnings.join('\n')).toContain("the appKey or appId does not match the platform's");
	});

	test('imeiTokenValidate 130018: the message says the registered public key or algorithm does not match', async ({ page, demo }) => {
		const warnings = await fixture(page, demo, 'prefetch="none"');
		demo.simulator.setFaults({ imeiTokenValidate: { resultCode: '130018' } });
		const detail = await tapForError(page);
		expect(detail).toMatchObject({ code: 'app-config', stage: 'validate', platformCode: '130018' });
		expect(detail.message).toContain('the registered public key or algorithm does not match');
		expect(detail.message).not.toContain('appKey');
		expect(warnings.join('\n')).toContain('the registered public key or algorithm does not match');
	});

	test('120010: the message names the Origin and the Referer the browser sent to getMobile (default policy: the origin and a slash)', async ({
		page,
		demo,
	}) => {
		await fixture(page, demo, 'prefetch="none"');
		demo.simulator.setFaults({ imeiTokenValidate: { resultCode: '120010' } });
		const detail = await tapForError(page);
		const sent = getMobileCalls(demo)[0]!;
		expect(sent.referer).toBe(`${demo.origin}/`);
		expect(detail.message).toContain(`Origin ${sent.origin} and Referer ${sent.referer}`);
	});

	test('120010 under <meta name="referrer" content="unsafe-url">: the full page URL without its fragment, as sent', async ({
		page,
		demo,
	}) => {
		await fixture(page, demo, 'prefetch="none"', demo.origin, '<meta name="referrer" content="unsafe-url">');
		demo.simulator.setFaults({ imeiTokenValidate: { resultCode: '120010' } });
		const detail = await tapForError(page);
		const sent = getMobileCalls(demo)[0]!;
		expect(sent.referer).toBe(`${demo.origin}/bare.html`);
		expect(detail.message).toContain(`and Referer ${sent.referer}`);
	});

	test('a cross-origin page not in allowedOrigins: the user reads "unavailable", the console says it may be CORS and names the page origin and allowedOrigins', async ({
		page,
		demo,
	}) => {
		// localhost and 127.0.0.1 are two origins on one server: the page on one, the backend (allowing only itself) on the other.
		const pageOrigin = demo.origin.replace('127.0.0.1', 'localhost');
		const warnings = await fixture(page, demo, `prefetch="none" sign-url="${demo.origin}/uaid/sign"`, pageOrigin);
		const detail = await tapForError(page);
		expect(detail).toMatchObject({ code: 'network', stage: 'sign' });
		await expect(statusLine(page)).toContainText('The verification service is unavailable');
		await expect(statusLine(page)).not.toContainText('Check your connection');
		const warning = warnings.find((text) => text.includes('CORS'));
		expect(warning).toContain(`add ${pageOrigin} to its allowedOrigins`);
		expect(detail.message).toContain('may refuse CORS');
	});

	test('validate endpoint down: one getMobile per tap, and the signed request for the retry fetched right after the failure', async ({
		page,
		demo,
	}) => {
		const signCalls = await recordFetches(page, '/uaid/sign');
		await fixture(page, demo, `validate-url="${await closedPortUrl('/uaid/validate')}"`);
		await expect.poll(signCalls).toBe(1);
		const detail = await tapForError(page);
		expect(detail).toMatchObject({ code: 'network', stage: 'validate' });
		expect(getMobileCalls(demo)).toHaveLength(1);
		// The tap used the request fetched on connect; the one after the failure is a retry may mend, so it is fetched at once.
		// This is what the next test counts on: a prefetch after an outcome is seen as soon as the outcome is.
		expect(await signCalls()).toBe(2);
	});

	test('sign endpoint failing: at most two sign requests per tap, and no prefetch right after the failure', async ({ page, demo }) => {
		// A sign URL on the backend's origin that answers 404 without the kit's error body: a failing sign endpoint.
		const signCalls = await recordFetches(page, '/uaid/no-such-sign');
		await fixture(page, demo, 'sign-url="/uaid/no-such-sign"');
		await expect.poll(signCalls).toBe(1);
		const detail = await tapForError(page);
		expect(detail).toMatchObject({ stage: 'sign' });
		// The tap's own sign: the one fetched on connect failed, so the run signed once more. A prefetch after the
		// outcome would be a third, called in the outcome's task (see recordFetches and the test before).
		expect(await signCalls()).toBe(2);
		expect(await events(page, 'uaid-error')).toHaveLength(1);
	});
});
