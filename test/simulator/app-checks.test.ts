import { afterEach, describe, expect, it } from 'vitest';
import { signRsa } from '../../src/protocol/node/index.js';
import { buildValidateRequest } from '../../src/protocol/index.js';
import {
	APP_ID,
	PRIVATE_KEY,
	baseApp,
	closeAll,
	code,
	fetchToken,
	getMobile,
	post,
	signedGetMobile,
	simulator,
	validate,
} from './support.js';

afterEach(closeAll);

const withOrigins = (extra: Parameters<typeof baseApp>[0]) => ({ config: { apps: [baseApp(extra)] } });
const variant = (sim: Awaited<ReturnType<typeof simulator>>) => sim.log().at(-1)?.resultVariant;

describe('origin and referer (120010)', () => {
	it('pass when the recorded Origin is one of the configured origins exactly', async () => {
		const sim = await simulator(withOrigins({ origins: ['https://a.example.com', 'https://m.example.com'] }));
		expect(code(await validate(sim, await fetchToken(sim, { Origin: 'https://m.example.com' })))).toBe('000000');
	});

	it('do not match an origin by prefix', async () => {
		const sim = await simulator(withOrigins({ origins: ['https://m.example.com'] }));
		expect(code(await validate(sim, await fetchToken(sim, { Origin: 'https://m.example.com.evil.net' })))).toBe('120010');
		expect(variant(sim)).toBe('origin-mismatch');
	});

	it('match a configured referer as a prefix of the recorded Referer', async () => {
		const sim = await simulator(withOrigins({ referers: ['https://m.example.com/'] }));
		expect(code(await validate(sim, await fetchToken(sim, { Referer: 'https://m.example.com/shop/item?id=1' })))).toBe('000000');
		expect(code(await validate(sim, await fetchToken(sim, { Referer: 'https://m.example.com/' })))).toBe('000000');
	});

	it('report a Referer outside every prefix as a mismatch', async () => {
		const sim = await simulator(withOrigins({ referers: ['https://m.example.com/'] }));
		const answer = await validate(sim, await fetchToken(sim, { Referer: 'https://www.example.com/' }));
		expect(answer.json.body.resultDesc).toBe('refer 或 origin 校验失败');
		expect(variant(sim)).toBe('origin-mismatch');
	});

	it('report a token fetched without Origin or Referer as absent', async () => {
		const sim = await simulator(withOrigins({ origins: ['https://m.example.com'], referers: ['https://m.example.com/'] }));
		const answer = await validate(sim, await fetchToken(sim));
		expect(answer.json.body.resultDesc).toBe('refer 或 origin 不存在');
		expect(variant(sim)).toBe('origin-absent');
	});

	it('report absent when only the unconfigured one of the two was sent', async () => {
		const sim = await simulator(withOrigins({ origins: ['https://m.example.com'] }));
		await validate(sim, await fetchToken(sim, { Referer: 'https://m.example.com/' }));
		expect(variant(sim)).toBe('origin-absent');
	});

	it('with both configured, fail when the Origin matches but the Referer does not', async () => {
		const sim = await simulator(withOrigins({ origins: ['https://m.example.com'], referers: ['https://m.example.com/'] }));
		await validate(sim, await fetchToken(sim, { Origin: 'https://m.example.com', Referer: 'https://x.example.com/' }));
		expect(variant(sim)).toBe('origin-mismatch');
	});

	it('accept anything when the app configures neither', async () => {
		const sim = await simulator();
		expect(code(await validate(sim, await fetchToken(sim, { Origin: 'https://anything.example' })))).toBe('000000');
	});
});

describe('caller IP whitelist (110004)', () => {
	it('accepts the socket address when it is whitelisted', async () => {
		const sim = await simulator(withOrigins({ serverIps: ['10.0.0.1', '127.0.0.1'] }));
		expect(code(await validate(sim, await fetchToken(sim)))).toBe('000000');
	});

	it('ignores X-Forwarded-For by default', async () => {
		const sim = await simulator(withOrigins({ serverIps: ['10.0.0.1'] }));
		expect(code(await validate(sim, await fetchToken(sim), { headers: { 'X-Forwarded-For': '10.0.0.1' } }))).toBe('110004');
	});

	it('reads the first X-Forwarded-For hop when trustForwardedFor is on', async () => {
		const sim = await simulator({ ...withOrigins({ serverIps: ['10.0.0.1'] }), trustForwardedFor: true });
		expect(code(await validate(sim, await fetchToken(sim), { headers: { 'X-Forwarded-For': '10.0.0.1, 172.16.0.1' } }))).toBe('000000');
		expect(code(await validate(sim, await fetchToken(sim), { headers: { 'X-Forwarded-For': '10.0.0.2' } }))).toBe('110004');
		expect(sim.log().at(-1)?.clientIp).toBe('10.0.0.2');
	});

	it('reads the hop by the server kit’s one rule: a port some proxies append is dropped, a value that is no IP is unknown', async () => {
		const sim = await simulator({ ...withOrigins({ serverIps: ['10.0.0.1', '2001:db8::1'] }), trustForwardedFor: true });
		expect(code(await validate(sim, await fetchToken(sim), { headers: { 'X-Forwarded-For': '10.0.0.1:40001, 172.16.0.1' } }))).toBe(
			'000000',
		);
		expect(code(await validate(sim, await fetchToken(sim), { headers: { 'X-Forwarded-For': '[2001:db8::1]:40001' } }))).toBe('000000');
		expect(code(await validate(sim, await fetchToken(sim), { headers: { 'X-Forwarded-For': 'not-an-ip' } }))).toBe('110004');
		expect(sim.log().at(-1)?.clientIp).toBe('unknown');
	});
});

describe('rate limit (140005)', () => {
	it('allows rateLimitPerMinute requests per appId and client IP, then answers 140005', async () => {
		const sim = await simulator(withOrigins({ rateLimitPerMinute: 3 }));
		const codes = [];
		for (let i = 0; i < 4; i++) codes.push(code(await getMobile(sim)));
		expect(codes).toEqual(['103000', '103000', '103000', '140005']);
	});

	it('counts each client IP apart', async () => {
		const sim = await simulator({ ...withOrigins({ rateLimitPerMinute: 1 }), trustForwardedFor: true });
		expect(code(await getMobile(sim, signedGetMobile(), { 'X-Forwarded-For': '10.0.0.1' }))).toBe('103000');
		expect(code(await getMobile(sim, signedGetMobile(), { 'X-Forwarded-For': '10.0.0.2' }))).toBe('103000');
		expect(code(await getMobile(sim, signedGetMobile(), { 'X-Forwarded-For': '10.0.0.1' }))).toBe('140005');
	});

	it('counts each appId apart', async () => {
		const sim = await simulator({
			config: { apps: [baseApp({ rateLimitPerMinute: 1 }), baseApp({ appId: '300011580393', rateLimitPerMinute: 1 })] },
		});
		expect(code(await getMobile(sim))).toBe('103000');
		expect(code(await getMobile(sim, signedGetMobile({ appId: '300011580393' })))).toBe('103000');
		expect(code(await getMobile(sim))).toBe('140005');
	});

	it('starts a new count in the next minute of the clock', async () => {
		let now = Date.parse('2026-06-01T00:00:10Z');
		const sim = await simulator({ ...withOrigins({ rateLimitPerMinute: 1 }), now: () => now });
		expect(code(await getMobile(sim))).toBe('103000');
		expect(code(await getMobile(sim))).toBe('140005');
		now += 60_000;
		expect(code(await getMobile(sim))).toBe('103000');
	});

	it('defaults to 10,000 per minute when the app sets none', async () => {
		const { resolveApp } = await import('../../src/simulator/config.js');
		expect(resolveApp(baseApp()).rateLimitPerMinute).toBe(10_000);
		expect(resolveApp(baseApp({ rateLimitPerMinute: 5 })).rateLimitPerMinute).toBe(5);
	});
});

describe('validity window (110022 权益已失效)', () => {
	it('holds from validFrom up to, not including, validTo', async () => {
		let now = Date.parse('2025-12-31T16:00:00Z');
		const sim = await simulator({
			now: () => now,
			...withOrigins({ validFrom: '2026-01-01T00:00:00+08:00', validTo: '2027-01-01T00:00:00+08:00' }),
		});
		expect(code(await getMobile(sim))).toBe('103000');
		now -= 1;
		expect((await getMobile(sim)).json.body.resultDesc).toBe('权益已失效');
		now = Date.parse('2026-12-31T16:00:00Z');
		expect(code(await getMobile(sim))).toBe('110022');
	});
});

describe('SHA256withRSA apps', () => {
	it('verify SHA-256 signatures and reject MD5 ones', async () => {
		const sim = await simulator(withOrigins({ signatureAlgorithm: 'sha256' }));
		expect(code(await validate(sim, await fetchToken(sim), { algorithm: 'sha256' }))).toBe('000000');
		expect(code(await validate(sim, await fetchToken(sim), { algorithm: 'md5' }))).toBe('130018');
	});

	it('an app without a public key cannot validate (130018)', async () => {
		const sim = await simulator({ config: { apps: [{ appId: APP_ID, appKey: 'test-appkey' }] } });
		const token = await fetchToken(sim);
		const body = await buildValidateRequest({ appId: APP_ID, token, sign: (c) => signRsa(c, PRIVATE_KEY) });
		expect(code(await post(sim.validateUrl, body))).toBe('130018');
	});
});
