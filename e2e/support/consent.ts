import type { Page, Request } from '@playwright/test';
import type { RunningDemo } from '../../src/demo/demo-server.js';
import { openElement, type ColorScheme, type Language } from './element-states.js';

/** The page's agreement text and policy link, as an integrator puts them in the `consent` slot. */
const CONSENT_LABEL: Record<Language, string> = {
	'zh-CN': '我已阅读并同意<a href="/privacy">《隐私政策》</a>',
	en: 'I have read and agree to the <a href="/privacy">privacy policy</a>',
};

/** What the element announces when the button is tapped before the box is ticked. */
export const CONSENT_REQUIRED: Record<Language, string> = { 'zh-CN': '请先勾选同意协议。', en: 'Please tick the box to agree first.' };

export const checkbox = (page: Page) => page.locator('cmcc-uaid').locator('input[type="checkbox"]');

/** Every request the page sends to the backend's UAID endpoints or to getMobile, from before the element exists. */
export function recordFlowRequests(page: Page): Request[] {
	const requests: Request[] = [];
	page.on('request', (request) => {
		if (/\/uaid\/(sign|validate|coverage)$|\/h5\/getMobile$/.test(new URL(request.url()).pathname)) requests.push(request);
	});
	return requests;
}

/** `<cmcc-uaid consent consent-version="2026-05">` with the page's label in the `consent` slot. */
export async function openConsentElement(
	page: Page,
	demo: RunningDemo,
	options: { lang?: Language; scheme?: ColorScheme; attributes?: string } = {},
): Promise<void> {
	const { lang = 'zh-CN', attributes = '' } = options;
	await openElement(page, demo, { ...options, attributes: `consent consent-version="2026-05" ${attributes}` });
	await page
		.locator('cmcc-uaid')
		.evaluate((element, label) => element.insertAdjacentHTML('beforeend', `<span slot="consent">${label}</span>`), CONSENT_LABEL[lang]);
}

export const getMobileCalls = (demo: RunningDemo): number => demo.simulator.log().filter((entry) => entry.endpoint === 'getMobile').length;
