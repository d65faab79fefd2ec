/**
 * Pictures of the element in each state, zh-CN and en, light and dark, at phone width: what a
 * user will see, shown in the README's Usage section (docs/images/). Each test fails when a state
 * renders differently from its committed picture beyond a small threshold.
 *
 * After an intended change of the look, update the pictures with
 *
 *   npx playwright test e2e/screenshots.spec.ts --update-snapshots
 *
 * Chromium only (the config's browser), with the installed Noto Sans CJK font and animations off,
 * so the same code gives the same pixels.
 */
import { button, statusLine, test } from './support/fixtures.js';
import { CONSENT_REQUIRED, openConsentElement } from './support/consent.js';
import { driveTo, openElement, PHONE, type ColorScheme, type ElementState, type Language } from './support/element-states.js';

const STATES: ElementState[] = ['idle', 'busy', 'success', 'error'];
const UPDATE = 'npx playwright test e2e/screenshots.spec.ts --update-snapshots';

test.use({ viewport: PHONE, deviceScaleFactor: 1 });

for (const lang of ['zh-CN', 'en'] as Language[]) {
	for (const scheme of ['light', 'dark'] as ColorScheme[]) {
		for (const state of STATES) {
			const name = `element-${state}-${lang}-${scheme}.png`;
			test(`${state}, ${lang}, ${scheme}: as docs/images/${name} shows it`, async ({ page, demo }) => {
				await openElement(page, demo, { lang, scheme, attributes: 'block' });
				await driveTo(page, demo, state);
				await test
					.expect(
						page.locator('main'),
						`The ${state} state (${lang}, ${scheme}) no longer looks like docs/images/${name}. If the change is intended, update the pictures: ${UPDATE}`,
					)
					.toHaveScreenshot(name, {
						animations: 'disabled',
						caret: 'hide',
						maxDiffPixelRatio: 0.01,
					});
			});
		}
	}
}

// `<cmcc-uaid consent>` after a tap before the tick (issue 27): the box, the page's label, and the sentence saying why.
for (const lang of ['zh-CN', 'en'] as Language[]) {
	for (const scheme of ['light', 'dark'] as ColorScheme[]) {
		const name = `element-consent-${lang}-${scheme}.png`;
		test(`consent, ${lang}, ${scheme}: as docs/images/${name} shows it`, async ({ page, demo }) => {
			await openConsentElement(page, demo, { lang, scheme, attributes: 'block' });
			await button(page).click();
			await test.expect(statusLine(page)).toHaveText(CONSENT_REQUIRED[lang]);
			await test
				.expect(
					page.locator('main'),
					`The consent state (${lang}, ${scheme}) no longer looks like docs/images/${name}. If the change is intended, update the pictures: ${UPDATE}`,
				)
				.toHaveScreenshot(name, {
					animations: 'disabled',
					caret: 'hide',
					maxDiffPixelRatio: 0.01,
				});
		});
	}
}
