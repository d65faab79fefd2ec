import { afterEach, describe, expect, it } from 'vitest';
import { APP_ID, baseApp, closeAll, code, desc, fetchToken, simulator, validate } from './support.js';

afterEach(closeAll);

describe('tokens', () => {
	it('are H5HTTPS and 32 upper-case hex, different every time', async () => {
		const sim = await simulator();
		const tokens = new Set(await Promise.all(Array.from({ length: 20 }, () => fetchToken(sim))));
		expect(tokens.size).toBe(20);
		for (const token of tokens) expect(token).toMatch(/^H5HTTPS[0-9A-F]{32}$/);
	});

	it('expire after the default 300 s, read from the injected clock', async () => {
		let now = Date.parse('2026-06-01T00:00:00Z');
		const sim = await simulator({ now: () => now });
		const fresh = await fetchToken(sim);
		const stale = await fetchToken(sim);
		now += 299_999;
		expect(code(await validate(sim, fresh))).toBe('000000');
		now += 1;
		const late = await validate(sim, stale);
		expect(code(late)).toBe('120009');
		expect(desc(late)).toBe('token 重复校验或已失效');
	});

	it('follow tokenTtlSeconds from the config', async () => {
		let now = Date.parse('2026-06-01T00:00:00Z');
		const sim = await simulator({ now: () => now, config: { apps: [baseApp()], tokenTtlSeconds: 10 } });
		const token = await fetchToken(sim);
		now += 10_000;
		expect(code(await validate(sim, token))).toBe('120009');
	});

	it('are single use: the second validation is 120009 token 重复校验或已失效', async () => {
		const sim = await simulator();
		const token = await fetchToken(sim);
		expect(code(await validate(sim, token))).toBe('000000');
		const again = await validate(sim, token);
		expect(code(again)).toBe('120009');
		expect(sim.log().at(-1)?.resultVariant).toBe('token-reused-or-expired');
	});

	it('are not consumed by a validation that fails before the token check (a bad signature)', async () => {
		const { generateRsaKeyPair } = await import('../../src/protocol/node/index.js');
		const sim = await simulator();
		const token = await fetchToken(sim);
		expect(code(await validate(sim, token, { privateKey: generateRsaKeyPair({ bits: 1024 }).privateKey }))).toBe('130018');
		expect(code(await validate(sim, token))).toBe('000000');
	});

	it('are consumed by a validation that reaches the token check and then fails 120010', async () => {
		const sim = await simulator({ config: { apps: [baseApp({ origins: ['https://m.example.com'] })] } });
		const token = await fetchToken(sim, { Origin: 'https://other.example.com' });
		expect(code(await validate(sim, token))).toBe('120010');
		sim.registerApp(baseApp());
		expect(code(await validate(sim, token))).toBe('120009');
	});

	it('of one app are unknown to another app, and stay usable by their own', async () => {
		const sim = await simulator({ config: { apps: [baseApp(), baseApp({ appId: '300011580393' })] } });
		const token = await fetchToken(sim);
		const other = await validate(sim, token, { appId: '300011580393' });
		expect(code(other)).toBe('120009');
		expect(sim.log().at(-1)?.resultVariant).toBe('token-invalid');
		expect(code(await validate(sim, token))).toBe('000000');
	});

	it('a malformed token is 120009 token 校验失败', async () => {
		const sim = await simulator();
		const answer = await validate(sim, 'not-a-token');
		expect(code(answer)).toBe('120009');
		expect(desc(answer)).toBe('token 校验失败');
	});
});

describe('UAIDs', () => {
	it('are stable for the same app and subscriber across tokens', async () => {
		const sim = await simulator();
		const first = await validate(sim, await fetchToken(sim));
		const second = await validate(sim, await fetchToken(sim));
		expect(first.json.body.UAID).toMatch(/^[0-9a-f]{64}$/);
		expect(second.json.body.UAID).toBe(first.json.body.UAID);
		expect(first.json.body.UAID).toBe(sim.uaidFor(APP_ID, '13800138000'));
	});

	it('differ across appIds and subscribers, and do not contain the number', async () => {
		const sim = await simulator({ config: { apps: [baseApp(), baseApp({ appId: '300011580393' })] } });
		const a = (await validate(sim, await fetchToken(sim))).json.body.UAID as string;
		const b = (await validate(sim, await fetchToken(sim, {}, '300011580393'), { appId: '300011580393' })).json.body.UAID as string;
		sim.setNetwork({ msisdn: '13900139000' });
		const c = (await validate(sim, await fetchToken(sim))).json.body.UAID as string;
		expect(new Set([a, b, c]).size).toBe(3);
		expect(a).not.toContain('13800138000');
	});

	it('differ between two simulators (a per-simulator secret), unless the secret is set', async () => {
		const one = await simulator();
		const two = await simulator();
		expect(one.uaidFor(APP_ID, '13800138000')).not.toBe(two.uaidFor(APP_ID, '13800138000'));
		const three = await simulator({ uaidSecret: 's' });
		const four = await simulator({ uaidSecret: 's' });
		expect(three.uaidFor(APP_ID, '13800138000')).toBe(four.uaidFor(APP_ID, '13800138000'));
	});

	it('belong to the subscriber the network had when the token was issued', async () => {
		const sim = await simulator();
		const token = await fetchToken(sim);
		sim.setNetwork({ msisdn: '13900139000' });
		expect((await validate(sim, token)).json.body.UAID).toBe(sim.uaidFor(APP_ID, '13800138000'));
	});
});
