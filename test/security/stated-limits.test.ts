/**
 * What SECURITY.md says the kit does NOT guarantee, pinned down: each test fails if the limit it
 * documents goes away (then SECURITY.md must be updated to claim more), or if it gets worse.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { verifyGetMobileSign } from '../../src/protocol/index.js';
import type { RunningSimulator } from '../../src/simulator/index.js';
import {
	APP_A,
	getToken,
	PAGE_ORIGIN,
	platformValidateCalls,
	post,
	sign,
	simulatorApp,
	startKit,
	startPlatform,
	validate,
	type Kit,
} from './support.js';

let sim: RunningSimulator;
let kit: Kit;
beforeAll(async () => {
	sim = await startPlatform([simulatorApp(APP_A)]);
	kit = await startKit(APP_A, sim, { allowedExpandParams: ['channel'] });
});
afterEach(() => sim.reset());
afterAll(async () => {
	await kit.close();
	await sim.close();
});

describe('a traceId is single use, issued by this backend and unexpired — it is not bound to its token', () => {
	it("sign #1's traceId validates sign #2's token: the platform never says which request a token came from", async () => {
		const first = await sign(kit);
		const second = await sign(kit);
		const secondToken = await getToken(sim, second);
		const crossed = await validate(kit, { token: secondToken, traceId: first.traceId });
		expect(crossed.status).toBe(200);
		expect(crossed.json).toEqual({ uaid: expect.stringMatching(/^[0-9a-f]{64}$/), traceId: first.traceId });
	});

	it('what it does guarantee: the crossed traceId is then spent, and a traceId this backend never issued is refused', async () => {
		const first = await sign(kit);
		const token = await getToken(sim, await sign(kit));
		expect((await validate(kit, { token, traceId: first.traceId })).status).toBe(200);
		const again = await validate(kit, { token: await getToken(sim, await sign(kit)), traceId: first.traceId });
		expect(again.json.error.code).toBe('replayed-trace');
		const foreign = await validate(kit, { token, traceId: 'a'.repeat(32) });
		expect(foreign.json.error.code).toBe('unknown-trace');
	});
});

describe('expandParams are not covered by the getMobile sign', () => {
	it('the page can change them after sign: the MD5 still verifies and getMobile issues a token', async () => {
		const signed = (await post(`${kit.url}/sign`, { expandParams: { channel: 'h5' } })).json;
		const altered = { ...signed, expandParams: encodeURIComponent('channel=tampered|extra=1') };
		expect(verifyGetMobileSign(altered, APP_A.appKey)).toBe(true);
		const token = await getToken(sim, altered);
		expect(token).toMatch(/^H5HTTPS/);
	});
});

describe('the sign limit bounds signatures, not getMobile calls', () => {
	it('the simulator accepts one signed body five times, issuing five tokens (the real platform: unknown)', async () => {
		const signed = await sign(kit);
		const tokens = new Set<string>();
		for (let i = 0; i < 5; i++) tokens.add(await getToken(sim, signed, PAGE_ORIGIN));
		expect(tokens.size).toBe(5);
		expect(sim.log().filter((entry) => entry.endpoint === 'getMobile' && entry.resultCode === '103000')).toHaveLength(5);
		expect(platformValidateCalls(sim)).toBe(0);
	});
});
