import { afterEach, describe, expect, it } from 'vitest';
import { generateRsaKeyPair } from '../../src/protocol/node/index.js';
import { baseApp, closeAll, code, fetchToken, getMobile, signedGetMobile, simulator, validate } from './support.js';

afterEach(closeAll);

const variant = (sim: Awaited<ReturnType<typeof simulator>>) => sim.log().at(-1)?.resultVariant;

describe('getMobile reports the first failing check', () => {
	it('missing field before unknown app', async () => {
		const sim = await simulator();
		const { sign: _sign, ...unsigned } = signedGetMobile({ appId: '300000000001' });
		await getMobile(sim, unsigned);
		expect(variant(sim)).toBe('missing-sign');
	});

	it('rights before the validity window, the window before ability, ability before sign', async () => {
		const now = Date.parse('2030-01-01T00:00:00Z');
		const sim = await simulator({
			now: () => now,
			config: { apps: [baseApp({ rights: false, validTo: '2027-01-01', abilityValid: false })] },
		});
		const badSign = signedGetMobile({ appKey: 'wrong' });
		await getMobile(sim, badSign);
		expect(variant(sim)).toBe('no-rights');
		sim.registerApp(baseApp({ validTo: '2027-01-01', abilityValid: false }));
		await getMobile(sim, badSign);
		expect(variant(sim)).toBe('validity-expired');
		sim.registerApp(baseApp({ abilityValid: false }));
		await getMobile(sim, badSign);
		expect(variant(sim)).toBe('ability-invalid');
	});

	it('sign before network, network before rate limit', async () => {
		const sim = await simulator({ config: { apps: [baseApp({ rateLimitPerMinute: 1 })], network: { mode: 'wifi' } } });
		await getMobile(sim, signedGetMobile({ appKey: 'wrong' }));
		expect(variant(sim)).toBe('sign-invalid');
		for (let i = 0; i < 3; i++) await getMobile(sim);
		expect(variant(sim)).toBe('gateway-ip');
		sim.setNetwork({ mode: 'cellular' });
		expect(code(await getMobile(sim))).toBe('103000');
	});
});

describe('imeiTokenValidate reports the first failing check', () => {
	it('rights before the IP whitelist, the whitelist before the signature', async () => {
		const sim = await simulator();
		const token = await fetchToken(sim);
		const wrongKey = generateRsaKeyPair({ bits: 1024 }).privateKey;
		sim.registerApp(baseApp({ rights: false, serverIps: ['10.9.9.9'] }));
		await validate(sim, token, { privateKey: wrongKey });
		expect(variant(sim)).toBe('no-rights');
		sim.registerApp(baseApp({ serverIps: ['10.9.9.9'] }));
		await validate(sim, token, { privateKey: wrongKey });
		expect(variant(sim)).toBe('ip-not-whitelisted');
	});

	it('the signature before the token, the token before origin/referer', async () => {
		const sim = await simulator({ config: { apps: [baseApp({ origins: ['https://m.example.com'] })] } });
		const token = await fetchToken(sim, { Origin: 'https://evil.example.net' });
		await validate(sim, `H5HTTPS${'F'.repeat(32)}`, { privateKey: generateRsaKeyPair({ bits: 1024 }).privateKey });
		expect(variant(sim)).toBe('sign-invalid');
		await validate(sim, token);
		expect(variant(sim)).toBe('origin-mismatch');
		await validate(sim, token);
		expect(variant(sim)).toBe('token-reused-or-expired');
	});
});
