import { describe, expect, it } from 'vitest';
import { UAID_PATTERN } from '../../src/protocol/index.js';
import { APP_ID, APP_KEY, KEYS, PAGE_ORIGIN, postJson, signAndGetToken, startKit, useKitAndSimulator } from './support.js';

describe('sign → getMobile → validate over real HTTP', () => {
	const env = useKitAndSimulator();

	it('sign answers exactly the getMobile body, with server-made identifiers and a Beijing timestamp', async () => {
		const { status, json, headers } = await postJson(`${env.kit.url}/uaid/sign`, {});
		expect(status).toBe(200);
		expect(Object.keys(json).sort()).toEqual(['appId', 'businessType', 'expandParams', 'msgId', 'sign', 'timestamp', 'traceId', 'version']);
		expect(json).toMatchObject({ version: '1.0', appId: APP_ID, businessType: '3', expandParams: '' });
		expect(json.traceId).toMatch(/^[a-z0-9]{32}$/);
		expect(json.msgId).toBe(json.traceId);
		expect(json.timestamp).toMatch(/^\d{17}$/);
		expect(json.sign).toMatch(/^[0-9a-f]{32}$/);
		expect(headers.get('access-control-allow-origin')).toBe(PAGE_ORIGIN);
		expect(headers.get('cache-control')).toBe('no-store');
	});

	it('two sign calls never share a traceId', async () => {
		const [a, b] = await Promise.all([postJson(`${env.kit.url}/uaid/sign`, undefined), postJson(`${env.kit.url}/uaid/sign`, '')]);
		expect(a.status).toBe(200);
		expect(b.status).toBe(200);
		expect(a.json.traceId).not.toBe(b.json.traceId);
	});

	it('validate exchanges the token for the simulator’s UAID of this subscriber', async () => {
		const { signed, token } = await signAndGetToken(env.kit.url, env.simulator);
		const { status, json } = await postJson(`${env.kit.url}/uaid/validate`, { token, traceId: signed.traceId });
		expect(status).toBe(200);
		expect(json).toEqual({ uaid: env.simulator.uaidFor(APP_ID, '13800138000'), traceId: signed.traceId });
		expect(json.uaid).toMatch(UAID_PATTERN);
	});

	it('accepts the validate body as text/plain, as a preflight-free browser post sends it', async () => {
		const { signed, token } = await signAndGetToken(env.kit.url, env.simulator);
		const { status } = await postJson(
			`${env.kit.url}/uaid/validate`,
			{ token, traceId: signed.traceId },
			{ 'content-type': 'text/plain;charset=UTF-8' },
		);
		expect(status).toBe(200);
	});

	it('a second validate with the same traceId is replayed-trace and never reaches the platform', async () => {
		const { signed, token } = await signAndGetToken(env.kit.url, env.simulator);
		expect((await postJson(`${env.kit.url}/uaid/validate`, { token, traceId: signed.traceId })).status).toBe(200);
		const before = env.simulator.log().filter((e) => e.endpoint === 'imeiTokenValidate').length;
		const again = await postJson(`${env.kit.url}/uaid/validate`, { token, traceId: signed.traceId });
		expect(again.status).toBe(409);
		expect(again.json).toEqual({ error: { code: 'replayed-trace', message: expect.any(String), retryable: false } });
		expect(env.simulator.log().filter((e) => e.endpoint === 'imeiTokenValidate').length).toBe(before);
	});

	it('a traceId sign never issued is unknown-trace', async () => {
		const { token } = await signAndGetToken(env.kit.url, env.simulator);
		const { status, json } = await postJson(`${env.kit.url}/uaid/validate`, { token, traceId: 'abcdefghijklmnopqrstuvwxyz012345' });
		expect(status).toBe(404);
		expect(json.error.code).toBe('unknown-trace');
	});

	it('a traceId past its lifetime is unknown-trace', async () => {
		const shortKit = await startKit({ validateUrl: env.simulator.validateUrl, traceTtlMs: 1 });
		try {
			const { signed, token } = await signAndGetToken(shortKit.url, env.simulator);
			await new Promise((resolve) => setTimeout(resolve, 20));
			const { status, json } = await postJson(`${shortKit.url}/uaid/validate`, { token, traceId: signed.traceId });
			expect(status).toBe(404);
			expect(json.error.code).toBe('unknown-trace');
		} finally {
			await shortKit.close();
		}
	});

	it('the same token under a fresh traceId meets the platform’s 120009 as token-expired', async () => {
		const { signed, token } = await signAndGetToken(env.kit.url, env.simulator);
		expect((await postJson(`${env.kit.url}/uaid/validate`, { token, traceId: signed.traceId })).status).toBe(200);
		const fresh = await postJson(`${env.kit.url}/uaid/sign`, {});
		const { status, json } = await postJson(`${env.kit.url}/uaid/validate`, { token, traceId: fresh.json.traceId });
		expect(status).toBe(410);
		expect(json.error).toMatchObject({ code: 'token-expired', platformCode: '120009', retryable: true });
	});

	it('no response and no log line carries the appkey, the private key or a full token', async () => {
		const { signed, token } = await signAndGetToken(env.kit.url, env.simulator);
		const ok = await postJson(`${env.kit.url}/uaid/validate`, { token, traceId: signed.traceId });
		const replay = await postJson(`${env.kit.url}/uaid/validate`, { token, traceId: signed.traceId });
		const everything = [ok.text, replay.text, JSON.stringify(env.kit.logs)].join('\n');
		expect(everything).not.toContain(APP_KEY);
		expect(everything).not.toContain(KEYS.privateKey.slice(40, 80));
		expect(everything).not.toContain(token);
		const platformLines = env.kit.logs.filter((e) => e.stage === 'platform' && e.traceId === signed.traceId);
		expect(platformLines).toEqual([
			expect.objectContaining({
				platformCode: '000000',
				attempt: 1,
				outcome: 'answered',
				token: `${token.slice(0, 7)}…${token.slice(-4)}`,
			}),
		]);
		expect(env.kit.logs.filter((e) => e.stage === 'validate' && e.traceId === signed.traceId).map((e) => [e.status, e.code])).toEqual([
			[200, undefined],
			[409, 'replayed-trace'],
		]);
	});
});
