import { chromium } from '@playwright/test';
import { GET_MOBILE_URL } from '../src/protocol/fields.js';
import { findChromium } from '../tools/find-chromium.js';
import { startHttpsPlatform, type HttpsPlatform } from './support/https-platform.js';
import { button, expect, recordEvents, test, waitForOutcome } from './support/fixtures.js';

const PRODUCTION_HOST = new URL(GET_MOBILE_URL).hostname;

// The page carries no token-url: the element uses its production default.
test.use({ demoOptions: { tokenUrl: null } });

test('with no token-url the element calls the production getMobile URL (mapped to the simulator over HTTPS)', async ({ demo }) => {
	let platform: HttpsPlatform | undefined;
	const browser = await (async () => {
		platform = await startHttpsPlatform(PRODUCTION_HOST, demo.simulator.url);
		const executablePath = findChromium();
		return chromium.launch({
			...(executablePath ? { executablePath } : {}),
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--no-first-run',
				'--disable-quic',
				`--host-resolver-rules=MAP ${PRODUCTION_HOST} 127.0.0.1:${platform.port}`,
				// Trust exactly the certificate made above, nothing else.
				`--ignore-certificate-errors-spki-list=${platform.spkiHash}`,
			],
		});
	})();
	try {
		const page = await browser.newPage();
		const getMobileRequests: string[] = [];
		page.on('request', (request) => {
			if (request.url().includes('/h5/getMobile')) getMobileRequests.push(`${request.method()} ${request.url()}`);
		});
		await recordEvents(page);
		await page.goto(demo.url);
		expect(await page.locator('cmcc-uaid').getAttribute('token-url')).toBeNull();
		await expect(page.locator(`link[rel="preconnect"][href="https://${PRODUCTION_HOST}"]`)).toHaveCount(1);
		await button(page).click();
		const outcome = await waitForOutcome(page);
		expect(outcome.type).toBe('uaid-success');
		expect(outcome.detail.uaid).toBe(demo.simulator.uaidFor(demo.appId, demo.simulator.network().msisdn));
		expect(getMobileRequests).toEqual([`POST ${GET_MOBILE_URL}`]);
		expect(demo.simulator.log().filter((e) => e.endpoint === 'getMobile')).toMatchObject([
			{ method: 'POST', preflight: false, origin: demo.origin, resultCode: '103000' },
		]);
	} finally {
		await browser.close();
		await platform?.close();
	}
});
