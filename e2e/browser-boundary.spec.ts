import type { Page, Response } from '@playwright/test';
import type { RunningDemo } from '../src/demo/demo-server.js';
import { button, expect, recordEvents, test, waitForOutcome } from './support/fixtures.js';

/** Every byte the page sees: each response body and each request body, for both pages through a whole flow. */
async function collectBrowserVisibleBytes(page: Page, url: string): Promise<string[]> {
	const seen: Promise<string>[] = [];
	page.on('request', (request) =>
		seen.push(Promise.resolve(`${request.url()}\n${JSON.stringify(request.headers())}\n${request.postData() ?? ''}`)),
	);
	page.on('response', (response: Response) =>
		seen.push(
			response.text().then(
				(body) => `${JSON.stringify(response.headers())}\n${body}`,
				() => '',
			),
		),
	);
	await recordEvents(page);
	await page.goto(url);
	await button(page).click();
	expect((await waitForOutcome(page)).type).toBe('uaid-success');
	seen.push(page.content());
	return Promise.all(seen);
}

function secretFragments(demo: RunningDemo): string[] {
	const { appKey, privateKey } = demo.secrets;
	// The whole key and slices of its middle, in case something re-wraps or re-encodes the Base64.
	return [appKey, privateKey, privateKey.slice(100, 164), privateKey.slice(800, 864), privateKey.slice(-64)];
}

test('no browser-visible byte contains the appkey or the private key', async ({ page, demo }) => {
	const bytes = [...(await collectBrowserVisibleBytes(page, demo.url)), ...(await collectBrowserVisibleBytes(page, demo.spaUrl))];
	// The bundles themselves are among the responses: make sure they were captured.
	expect(bytes.some((b) => b.includes('cmcc-uaid'))).toBe(true);
	expect(bytes.some((b) => b.includes('"sign"'))).toBe(true);
	for (const fragment of secretFragments(demo)) {
		expect(bytes.filter((b) => b.includes(fragment))).toEqual([]);
	}
});

test('no getMobile request is preceded by a CORS preflight', async ({ page, demo }) => {
	for (const url of [demo.url, demo.spaUrl]) {
		await recordEvents(page);
		await page.goto(url);
		await button(page).click();
		expect((await waitForOutcome(page)).type).toBe('uaid-success');
	}
	const getMobile = demo.simulator.log().filter((e) => e.endpoint === 'getMobile');
	expect(getMobile).toHaveLength(2);
	for (const entry of getMobile) {
		expect(entry).toMatchObject({ method: 'POST', preflight: false, origin: demo.origin, status: 200, resultCode: '103000' });
		expect(entry.contentType).toMatch(/^text\/plain/);
		// Browsers send only origin + '/' cross-origin by default; the platform checks it against the app's referers.
		expect(entry.referer).toBe(`${demo.origin}/`);
	}
	expect(demo.simulator.log().filter((e) => e.method === 'OPTIONS')).toEqual([]);
});

test('the pages work under a strict Content-Security-Policy: no inline script or style, no eval', async ({ page, demo }) => {
	await page.addInitScript(() => {
		const w = window as unknown as { __cspViolations: string[] };
		w.__cspViolations = [];
		document.addEventListener('securitypolicyviolation', (event) =>
			w.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`),
		);
	});
	for (const url of [demo.url, demo.spaUrl]) {
		await recordEvents(page);
		const response = await page.goto(url);
		const policy = response!.headers()['content-security-policy'] ?? '';
		expect(policy).toContain("script-src 'self'");
		expect(policy).toContain("style-src 'self'");
		expect(policy).not.toContain('unsafe-');
		// The element's styles applied (adoptedStyleSheets are allowed under style-src 'self').
		const background = await button(page).evaluate((element) => getComputedStyle(element).backgroundColor);
		expect(background).toBe('rgb(0, 119, 187)');
		await button(page).click();
		expect((await waitForOutcome(page)).type).toBe('uaid-success');
		expect(await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations)).toEqual([]);
	}
});
