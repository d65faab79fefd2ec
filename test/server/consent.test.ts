/**
 * Consent (issue 27) over real HTTP against the simulator: the version the page sends with sign
 * and validate reaches `onUaid` as `context.consent` with a grant the kit made, and the log lines
 * name it; a malformed consent is refused before the traceId is spent; without consent nothing
 * changes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UaidHandlerOptions } from '../../src/server/index.js';
import type { GetMobileRequest } from '../../src/protocol/index.js';
import type { RunningSimulator } from '../../src/simulator/index.js';
import { PAGE_ORIGIN, postJson, startKit, startTestSimulator, type RunningKit } from './support.js';

type Context = Parameters<NonNullable<UaidHandlerOptions['onUaid']>>[1];

/** Sign with `signBody`, then getMobile as the browser posts it. */
async function signWith(kitUrl: string, simulator: RunningSimulator, signBody: unknown): Promise<{ traceId: string; token: string }> {
	const sign = await postJson(`${kitUrl}/uaid/sign`, signBody);
	expect(sign.status, sign.text).toBe(200);
	const signed = sign.json as GetMobileRequest;
	const response = await fetch(simulator.getMobileUrl, {
		method: 'POST',
		headers: { origin: PAGE_ORIGIN, referer: `${PAGE_ORIGIN}/`, 'content-type': 'text/plain;charset=UTF-8' },
		body: JSON.stringify(signed),
	});
	const answer = (await response.json()) as { body: { token: string } };
	return { traceId: signed.traceId, token: answer.body.token };
}

describe('consent through sign and validate', () => {
	let simulator: RunningSimulator;
	let kit: RunningKit;
	const contexts: Context[] = [];

	beforeAll(async () => {
		simulator = await startTestSimulator();
		kit = await startKit({ validateUrl: simulator.validateUrl, onUaid: (_result, context) => void contexts.push(context) });
	});
	afterAll(async () => {
		await kit?.close();
		await simulator?.close();
	});

	it('hands onUaid context.consent with the page’s version, the server’s time and a random grantId, and logs version and grantId', async () => {
		const before = Date.now();
		const { traceId, token } = await signWith(kit.url, simulator, { consent: { version: '2026-05 v3' } });
		const answer = await postJson(`${kit.url}/uaid/validate`, { token, traceId, consent: { version: '2026-05 v3' } });
		expect(answer.status, answer.text).toBe(200);
		// The page learns nothing new: the grant is the backend's to keep.
		expect(Object.keys(answer.json).sort()).toEqual(['traceId', 'uaid']);

		const consent = contexts.at(-1)?.consent;
		expect(consent?.version).toBe('2026-05 v3');
		expect(consent?.grantId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
		expect(consent!.grantId.length).toBeLessThanOrEqual(128);
		expect(consent?.grantedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
		expect(Date.parse(consent!.grantedAt)).toBeGreaterThanOrEqual(before - 1);
		expect(Date.parse(consent!.grantedAt)).toBeLessThanOrEqual(Date.now());

		const signLine = kit.logs.find((event) => event.stage === 'sign' && event.traceId === traceId);
		expect(signLine?.consentVersion).toBe('2026-05 v3');
		expect(signLine?.message).toContain('consent version 2026-05 v3');
		const validateLine = kit.logs.find((event) => event.stage === 'validate' && event.traceId === traceId);
		expect(validateLine).toMatchObject({ consentVersion: '2026-05 v3', grantId: consent!.grantId, status: 200 });
		expect(validateLine?.message).toContain(`consent version 2026-05 v3 grantId ${consent!.grantId}`);
	});

	it('makes a new grantId for every validated consent', async () => {
		const grants: string[] = [];
		for (let i = 0; i < 2; i++) {
			const { traceId, token } = await signWith(kit.url, simulator, {});
			expect((await postJson(`${kit.url}/uaid/validate`, { token, traceId, consent: { version: 'v1' } })).status).toBe(200);
			grants.push(contexts.at(-1)!.consent!.grantId);
		}
		expect(grants[0]).not.toBe(grants[1]);
	});

	it('accepts a consent without a version: the grant has no version', async () => {
		const { traceId, token } = await signWith(kit.url, simulator, { consent: {} });
		expect((await postJson(`${kit.url}/uaid/validate`, { token, traceId, consent: {} })).status).toBe(200);
		const consent = contexts.at(-1)!.consent!;
		expect('version' in consent).toBe(false);
		expect(consent.grantId).toBeTruthy();
		expect(kit.logs.find((event) => event.stage === 'validate' && event.traceId === traceId)?.message).toContain(
			`consent grantId ${consent.grantId}`,
		);
	});

	it('without consent, onUaid gets no consent and the log lines name none', async () => {
		const { traceId, token } = await signWith(kit.url, simulator, {});
		expect((await postJson(`${kit.url}/uaid/validate`, { token, traceId })).status).toBe(200);
		expect('consent' in contexts.at(-1)!).toBe(false);
		const lines = kit.logs.filter((event) => event.traceId === traceId);
		for (const line of lines) {
			expect(line).not.toHaveProperty('consentVersion');
			expect(line).not.toHaveProperty('grantId');
			expect(line.message).not.toContain('consent');
		}
	});

	it.each([
		['not an object', 'v1'],
		['an empty version', { version: '' }],
		['a version of 65 characters', { version: 'v'.repeat(65) }],
		['a control character', { version: 'v1\nforged log line' }],
		['a leading space', { version: ' v1' }],
		['a number', { version: 3 }],
	])('refuses a consent that is %s with bad-request, at sign and at validate, before the traceId is spent', async (_what, consent) => {
		const sign = await postJson(`${kit.url}/uaid/sign`, { consent });
		expect(sign.status).toBe(400);
		expect(sign.json.error.code).toBe('bad-request');
		expect(sign.json.error.message).toMatch(/^consent/);

		const { traceId, token } = await signWith(kit.url, simulator, {});
		const refused = await postJson(`${kit.url}/uaid/validate`, { token, traceId, consent });
		expect(refused.status).toBe(400);
		expect(refused.json.error.code).toBe('bad-request');
		// The traceId was not consumed: the same token validates with a well-formed consent.
		expect((await postJson(`${kit.url}/uaid/validate`, { token, traceId, consent: { version: 'v1' } })).status).toBe(200);
	});

	it('accepts a version of 64 printable characters, Chinese included', async () => {
		for (const version of ['版'.repeat(64), '隐私政策 第3版']) {
			const { traceId, token } = await signWith(kit.url, simulator, { consent: { version } });
			expect((await postJson(`${kit.url}/uaid/validate`, { token, traceId, consent: { version } })).status).toBe(200);
			expect(contexts.at(-1)!.consent!.version).toBe(version);
		}
	});
});
