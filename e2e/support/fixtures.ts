import { test as base, expect, type Page } from '@playwright/test';
import { startDemo, type DemoOptions, type RunningDemo } from '../../src/demo/demo-server.js';

/**
 * `demo`: the simulator, the demo backend (server kit) and the pages, on 127.0.0.1 port 0, fresh
 * for each test and closed after it. The pages serve the *built* bundles from `dist/`.
 */
export const test = base.extend<{ demoOptions: DemoOptions; demo: RunningDemo }>({
	demoOptions: [{}, { option: true }],
	demo: async ({ demoOptions }, use) => {
		const demo = await startDemo({ ...demoOptions, port: 0 });
		await use(demo);
		await demo.close();
	},
});

export { expect };

export interface RecordedEvent {
	type: string;
	className: string;
	bubbles: boolean;
	composed: boolean;
	detail: Record<string, unknown>;
}

/** Records every uaid-* event that reaches `document` (so only bubbling, composed ones), with its class. */
export async function recordEvents(page: Page): Promise<void> {
	await page.addInitScript(() => {
		const w = window as unknown as { __uaidEvents: unknown[] };
		w.__uaidEvents = [];
		const classes: Record<string, string> = {
			'uaid-token': 'UaidTokenEvent',
			'uaid-success': 'UaidSuccessEvent',
			'uaid-error': 'UaidErrorEvent',
			'uaid-progress': 'UaidProgressEvent',
			'uaid-availability': 'UaidAvailabilityEvent',
		};
		for (const [type, className] of Object.entries(classes)) {
			document.addEventListener(type, (event) => {
				// Bundlers rename classes; the class's static `type` and, on the script-tag page, the global's class identify it.
				const global = (window as unknown as { CmccUaid?: Record<string, new (...args: never[]) => Event> }).CmccUaid;
				const eventClass = (
					global
						? global[className] === event.constructor && event instanceof global[className]!
						: (event.constructor as { type?: string }).type === type
				)
					? className
					: 'other';
				w.__uaidEvents.push({
					type,
					className: eventClass,
					bubbles: event.bubbles,
					composed: event.composed,
					detail: { ...(event as Event & { detail: object }).detail },
				});
			});
		}
	});
}

export function events(page: Page, type?: string): Promise<RecordedEvent[]> {
	return page.evaluate(
		(wanted) => (window as unknown as { __uaidEvents: RecordedEvent[] }).__uaidEvents.filter((e) => !wanted || e.type === wanted),
		type,
	);
}

/** Waits for the next outcome event (success or error) after `count` earlier ones. */
export async function waitForOutcome(page: Page, earlier = 0): Promise<RecordedEvent> {
	await page.waitForFunction(
		(n) =>
			(window as unknown as { __uaidEvents: RecordedEvent[] }).__uaidEvents.filter(
				(e) => e.type === 'uaid-success' || e.type === 'uaid-error',
			).length > n,
		earlier,
	);
	const outcomes = (await events(page)).filter((e) => e.type === 'uaid-success' || e.type === 'uaid-error');
	return outcomes[earlier]!;
}

/** The element's button, through its open shadow root. */
export const button = (page: Page) => page.locator('cmcc-uaid').locator('[part="button"]');
export const retryButton = (page: Page) => page.locator('cmcc-uaid').locator('[part="retry-button"]');
export const statusLine = (page: Page) => page.locator('cmcc-uaid').locator('[part="status"]');
