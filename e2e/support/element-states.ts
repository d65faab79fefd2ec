import type { Page } from '@playwright/test';
import type { RunningDemo } from '../../src/demo/demo-server.js';
import { button, expect, recordEvents, retryButton, statusLine, waitForOutcome } from './fixtures.js';

export type ElementState = 'idle' | 'busy' | 'success' | 'token' | 'error';
export type ColorScheme = 'light' | 'dark';
export type Language = 'zh-CN' | 'en';

/** A phone's viewport (issue 14: the states tried at 360 × 740). */
export const PHONE = { width: 360, height: 740 };

/** How wide the page is against the screen: wider makes a phone scroll sideways. */
export const pageOverflow = (page: Page) =>
	page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));

/**
 * A page around the element as an H5 page has it: a 16 px margin, a CJK font that is installed
 * (so pictures are the same on every run), and a dark page under `prefers-color-scheme: dark`.
 * Through the CSSOM: the demo's pages allow no inline style.
 */
const PAGE_CSS = `
	:root { color-scheme: light dark; font-family: 'Noto Sans CJK SC', sans-serif; color: #1d2433; background: #ffffff; }
	@media (prefers-color-scheme: dark) { :root { color: #e6e9ef; background: #121212; } }
	body { margin: 0; }
	main { box-sizing: border-box; width: 100%; padding: 16px; }
`;

/**
 * The demo's bare page (the built script-tag bundle, CSP on) with `<main>` and the element in
 * it. `attributes` go on the element, `content` into it, `after` after it in `<main>`.
 */
export async function openElement(
	page: Page,
	demo: RunningDemo,
	options: { lang?: Language; scheme?: ColorScheme; attributes?: string; content?: string; after?: string } = {},
): Promise<void> {
	const { lang = 'zh-CN', scheme = 'light', attributes = '', content = '', after = '' } = options;
	await page.emulateMedia({ colorScheme: scheme });
	await recordEvents(page);
	await page.goto(`${demo.origin}/bare.html`);
	await page.evaluate(
		({ css, markup, lang }) => {
			const sheet = new CSSStyleSheet();
			sheet.replaceSync(css);
			document.adoptedStyleSheets = [sheet];
			document.documentElement.lang = lang;
			document.body.insertAdjacentHTML('beforeend', markup);
		},
		{
			css: PAGE_CSS,
			markup: `<main><cmcc-uaid lang="${lang}" token-url="${demo.simulator.getMobileUrl}" ${attributes}>${content}</cmcc-uaid>${after}</main>`,
			lang,
		},
	);
	await expect(button(page)).toBeVisible();
}

/**
 * Brings the element into `state` the way a user gets there: a click, with the simulator set so
 * that the run stays busy, succeeds or fails (on Wi-Fi, as real devices answer: 103111).
 * `token` needs the element opened with `validate-url=""`.
 */
export async function driveTo(page: Page, demo: RunningDemo, state: ElementState): Promise<void> {
	if (state === 'idle') return;
	if (state === 'busy') demo.simulator.setFaults({ getMobile: { latencyMs: 30_000 } });
	if (state === 'error') demo.simulator.setNetwork({ mode: 'wifi' });
	await button(page).click();
	if (state === 'busy') {
		await expect(button(page)).toHaveAttribute('aria-busy', 'true');
		return;
	}
	if (state !== 'token') await waitForOutcome(page);
	if (state === 'error') await expect(retryButton(page)).toBeVisible();
	else await expect(button(page)).toHaveAttribute('data-state', state);
	await expect(statusLine(page)).not.toBeEmpty();
}
