/**
 * Issue 25: the element reports each getMobile outcome to the demo's backend with a beacon, in
 * Chromium on the demo page (its strict CSP included): the kit's log receives it, bound to the
 * traceId of the run, with no preflight and nothing that identifies the user.
 */
import type { UaidLogEvent } from '../src/server/index.js';
import { button, expect, recordEvents, test, waitForOutcome } from './support/fixtures.js';

const logs: UaidLogEvent[] = [];
test.use({ demoOptions: { kit: { logger: (event) => logs.push(event) } } });
test.beforeEach(() => {
	logs.length = 0;
});

test('a getMobile refused with 130018 reaches the kit as a report, sent as a text/plain beacon', async ({ page, demo }) => {
	const requests: { method: string; contentType: string | undefined; body: string | null }[] = [];
	page.on('request', (request) => {
		if (new URL(request.url()).pathname === '/uaid/report')
			requests.push({ method: request.method(), contentType: request.headers()['content-type'], body: request.postData() });
	});
	await recordEvents(page);
	await page.goto(demo.url);
	demo.simulator.setFaults({ getMobile: { resultCode: '130018' } });
	await button(page).click();
	const outcome = await waitForOutcome(page);
	expect(outcome.detail).toMatchObject({ code: 'app-config', platformCode: '130018' });
	await expect.poll(() => logs.filter((e) => e.stage === 'report').length).toBe(1);
	const report = logs.find((e) => e.stage === 'report')!;
	expect(report).toMatchObject({ status: 204, level: 'error', getMobile: { code: '130018', category: 'app-config' } });
	// Bound to the traceId the run's sign issued.
	expect(logs.some((e) => e.stage === 'sign' && e.traceId === report.traceId)).toBe(true);
	expect(requests).toHaveLength(1);
	expect(requests[0]).toMatchObject({ method: 'POST', contentType: expect.stringMatching(/^text\/plain/) });
	expect(Object.keys(JSON.parse(requests[0]!.body!)).sort()).toEqual(['code', 'durationMs', 'traceId']);
	// A beacon is a simple request: no OPTIONS preflight reached the backend.
	expect(logs.filter((e) => e.stage === 'report' && e.status !== 204)).toEqual([]);
});

test('a success is reported too, before the UAID is validated, and the traceId still validates', async ({ page, demo }) => {
	await recordEvents(page);
	await page.goto(demo.url);
	await button(page).click();
	const outcome = await waitForOutcome(page);
	expect(outcome.type).toBe('uaid-success');
	await expect.poll(() => logs.filter((e) => e.stage === 'report').length).toBe(1);
	expect(logs.find((e) => e.stage === 'report')).toMatchObject({
		status: 204,
		level: 'info',
		getMobile: { code: '103000', category: 'ok' },
	});
});
