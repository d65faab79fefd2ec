import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_PUBLIC_KEY } from '../../src/simulator/demo-app.js';
import {
	APP_ID,
	APP_KEY,
	baseApp,
	closeAll,
	code,
	desc,
	fetchToken,
	getMobile,
	post,
	signedGetMobile,
	simulator,
	validate,
} from './support.js';

afterEach(closeAll);

async function admin(url: string, method: string, body?: unknown): Promise<{ status: number; json: any; headers: Headers }> {
	const headers = method === 'PUT' || method === 'POST' ? { 'Content-Type': 'application/json' } : undefined;
	const response = await fetch(url, {
		method,
		...(headers ? { headers } : {}),
		...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
	});
	const text = await response.text();
	return { status: response.status, headers: response.headers, json: text === '' ? undefined : JSON.parse(text) };
}

describe('PUT /__sim/network', () => {
	for (const [mode, notCellular, resultCode, variant, zh] of [
		['wifi', 'observed', '103111', 'gateway-ip', 'WAP网关IP错误'],
		['other-carrier', 'observed', '103111', 'gateway-ip', 'WAP网关IP错误'],
		['cellular-no-number', 'observed', '103134', 'gateway-no-number', 'WAP取号为空'],
		['blacklisted', 'observed', '111002', 'blacklisted', '黑名单号码用户'],
		['wifi', 'guide', '111002', 'no-number', '网关未插入手机号-116'],
		['other-carrier', 'guide', '111002', 'not-china-mobile', '网关未插入手机号-非移动号码'],
		['blacklisted', 'guide', '111002', 'blacklisted', '黑名单号码用户'],
	] as const) {
		it(`${mode} makes getMobile answer ${resultCode} ${zh} when answers follow the ${notCellular === 'guide' ? 'guide' : 'captures'}`, async () => {
			const sim = await simulator(notCellular === 'guide' ? { config: { apps: [baseApp()], answers: { notCellular } } } : {});
			const put = await admin(`${sim.url}/__sim/network`, 'PUT', { mode });
			expect(put.status).toBe(200);
			expect(put.json).toEqual({ mode, msisdn: '13800138000', carrier: 'china-unicom' });
			const answer = await getMobile(sim);
			expect(code(answer)).toBe(resultCode);
			expect(desc(answer)).toBe(zh);
			expect(sim.log().at(-1)?.resultVariant).toBe(variant);
		});
	}

	it('cellular with a new msisdn gives that subscriber’s UAID', async () => {
		const sim = await simulator();
		await admin(`${sim.url}/__sim/network`, 'PUT', { mode: 'wifi' });
		await admin(`${sim.url}/__sim/network`, 'PUT', { mode: 'cellular', msisdn: '13912345678' });
		expect((await admin(`${sim.url}/__sim/network`, 'GET')).json).toEqual({
			mode: 'cellular',
			msisdn: '13912345678',
			carrier: 'china-unicom',
		});
		expect((await validate(sim, await fetchToken(sim))).json.body.UAID).toBe(sim.uaidFor(APP_ID, '13912345678'));
	});

	it('rejects an unknown mode, a bad msisdn, unknown keys and non-JSON with 400 and a code', async () => {
		const sim = await simulator();
		for (const body of [{ mode: 'satellite' }, { msisdn: '12345' }, { mode: 'wifi', extra: 1 }, [], 'not json']) {
			const answer = await admin(`${sim.url}/__sim/network`, 'PUT', body);
			expect(answer.status, JSON.stringify(body)).toBe(400);
			expect(answer.json.error.code).toMatch(/^(invalid-simulator-config|invalid-json)$/);
			expect(typeof answer.json.error.message).toBe('string');
		}
		expect(sim.network().mode).toBe('cellular');
		expect(() => sim.setNetwork({ mode: 'lte' as never })).toThrowError(
			expect.objectContaining({ name: 'SimulatorConfigError', code: 'invalid-option', field: 'network.mode' }),
		);
	});
});

describe('PUT /__sim/faults', () => {
	it('latencyMs holds the answer back, then runs the checks', async () => {
		const sim = await simulator();
		await admin(`${sim.url}/__sim/faults`, 'PUT', { getMobile: { latencyMs: 60_000 } });
		let settled = false;
		const held = getMobile(sim).then(
			() => (settled = true),
			() => (settled = true),
		);
		// While getMobile is held, the other endpoint and the admin API still answer.
		expect(code(await validate(sim, `H5HTTPS${'0'.repeat(32)}`))).toBe('120009');
		expect(settled).toBe(false);
		expect(sim.log().filter((e) => e.endpoint === 'getMobile')).toEqual([]);
		await sim.close();
		await held;

		const quick = await simulator();
		quick.setFaults({ getMobile: { latencyMs: 20 } });
		expect(code(await getMobile(quick))).toBe('103000');
		expect(quick.log().at(-1)?.fault).toBe('latency');
	});

	it('resultCode forces a code with its catalogue description, variant selecting the row', async () => {
		const sim = await simulator();
		await admin(`${sim.url}/__sim/faults`, 'PUT', { getMobile: { resultCode: '111002', variant: 'not-china-mobile' } });
		const answer = await getMobile(sim);
		expect(code(answer)).toBe('111002');
		expect(desc(answer)).toBe('网关未插入手机号-非移动号码');
	});

	it('httpStatus answers that HTTP status with a non-JSON page', async () => {
		const sim = await simulator();
		sim.setFaults({ imeiTokenValidate: { httpStatus: 502 } });
		const answer = await validate(sim, await fetchToken(sim));
		expect(answer.status).toBe(502);
		expect(answer.json).toBeUndefined();
		expect(answer.headers.get('content-type')).toContain('text/html');
	});

	it('garbled answers 200 with a body that is not JSON', async () => {
		const sim = await simulator();
		sim.setFaults({ getMobile: { garbled: true } });
		const answer = await getMobile(sim, signedGetMobile(), { Origin: 'https://m.example.com' });
		expect(answer.status).toBe(200);
		expect(() => JSON.parse(answer.text)).toThrow();
		expect(answer.headers.get('access-control-allow-origin')).toBe('https://m.example.com');
	});

	it('drop closes the connection without an answer', async () => {
		const sim = await simulator();
		sim.setFaults({ getMobile: { drop: true } });
		await expect(getMobile(sim)).rejects.toThrow();
		expect(sim.log().at(-1)).toMatchObject({ fault: 'drop' });
		expect(sim.log().at(-1)?.status).toBeUndefined();
	});

	it('count applies a fault to the next N requests only', async () => {
		const sim = await simulator();
		sim.setFaults({ getMobile: { resultCode: '999999', count: 2 } });
		expect(sim.faults()).toEqual({ getMobile: { resultCode: '999999', count: 2 } });
		const codes = [];
		for (let i = 0; i < 3; i++) codes.push(code(await getMobile(sim)));
		expect(codes).toEqual(['999999', '999999', '103000']);
		expect(sim.faults()).toEqual({});
	});

	it('applies per endpoint: a getMobile fault leaves validate alone', async () => {
		const sim = await simulator();
		const token = await fetchToken(sim);
		sim.setFaults({ getMobile: { resultCode: '999999' } });
		expect(code(await validate(sim, token))).toBe('000000');
	});

	it('is cleared by DELETE, by PUT {} and by a null endpoint', async () => {
		const sim = await simulator();
		for (const clear of [
			() => admin(`${sim.url}/__sim/faults`, 'DELETE'),
			() => admin(`${sim.url}/__sim/faults`, 'PUT', {}),
			() => admin(`${sim.url}/__sim/faults`, 'PUT', { getMobile: null }),
		]) {
			sim.setFaults({ getMobile: { resultCode: '999999' } });
			expect((await clear()).status).toBeLessThan(300);
			expect((await admin(`${sim.url}/__sim/faults`, 'GET')).json).toEqual({});
			expect(code(await getMobile(sim))).toBe('103000');
		}
	});

	it('rejects bad fault settings with 400 and changes nothing', async () => {
		const sim = await simulator();
		sim.setFaults({ getMobile: { latencyMs: 10 } });
		for (const body of [
			{ getMobile: { resultCode: '123456' } },
			{ getMobile: { resultCode: '103000' } },
			{ getMobile: { resultCode: '111002', variant: 'nope' } },
			{ getMobile: { httpStatus: 200 } },
			{ getMobile: { garbled: true, drop: true } },
			{ getMobile: { latencyMs: -1 } },
			{ getMobile: {} },
			{ imeiTokenValidate: { resultCode: '103000' } },
			{ other: { drop: true } },
		]) {
			const answer = await admin(`${sim.url}/__sim/faults`, 'PUT', body);
			expect(answer.status, JSON.stringify(body)).toBe(400);
			expect(answer.json.error.code).toBe('invalid-simulator-config');
		}
		expect(sim.faults()).toEqual({ getMobile: { latencyMs: 10 } });
	});
});

describe('POST /__sim/reset', () => {
	it('clears tokens, rate counters, faults, log and restores the configured network', async () => {
		const sim = await simulator({
			config: { apps: [baseApp({ rateLimitPerMinute: 1 })], network: { mode: 'cellular', msisdn: '13700137000' } },
		});
		const token = await fetchToken(sim);
		expect(code(await getMobile(sim))).toBe('140005');
		sim.setNetwork({ mode: 'wifi', msisdn: '13900139000' });
		sim.setFaults({ imeiTokenValidate: { drop: true } });
		expect((await admin(`${sim.url}/__sim/reset`, 'POST')).status).toBe(204);
		expect(sim.log()).toEqual([]);
		expect(sim.faults()).toEqual({});
		expect(sim.network()).toEqual({ mode: 'cellular', msisdn: '13700137000', carrier: 'china-unicom' });
		expect(code(await validate(sim, token))).toBe('120009');
		expect(code(await getMobile(sim))).toBe('103000');
	});

	it('keeps apps registered at runtime', async () => {
		const sim = await simulator({ config: {} });
		sim.registerApp(baseApp());
		sim.reset();
		expect(code(await getMobile(sim))).toBe('103000');
	});
});

describe('GET /__sim/log', () => {
	it('lists requests and answers with masked tokens, newest last, bounded by logLimit', async () => {
		const sim = await simulator({ logLimit: 3 });
		const token = await fetchToken(sim, { Origin: 'https://m.example.com', Referer: 'https://m.example.com/p' });
		await validate(sim, token);
		const log = (await admin(`${sim.url}/__sim/log`, 'GET')).json.entries;
		expect(log).toHaveLength(2);
		expect(log[0]).toMatchObject({
			endpoint: 'getMobile',
			method: 'POST',
			origin: 'https://m.example.com',
			referer: 'https://m.example.com/p',
			preflight: false,
			resultCode: '103000',
			status: 200,
			clientIp: '127.0.0.1',
		});
		expect(log[1]).toMatchObject({ endpoint: 'imeiTokenValidate', resultCode: '000000' });
		expect(Date.parse(log[0].time)).not.toBeNaN();
		const text = JSON.stringify(log);
		expect(text).not.toContain(token);
		expect(log[0].token).toBe(`${token.slice(0, 7)}…${token.slice(-4)}`);
		for (let i = 0; i < 3; i++) await getMobile(sim);
		expect(sim.log()).toHaveLength(3);
		expect(sim.log().every((e) => e.endpoint === 'getMobile')).toBe(true);
		expect((await admin(`${sim.url}/__sim/log`, 'DELETE')).status).toBe(204);
		expect(sim.log()).toEqual([]);
	});
});

describe('apps at runtime', () => {
	it('PUT /__sim/apps registers an app that can then get and validate tokens', async () => {
		const sim = await simulator({ config: {} });
		expect(code(await getMobile(sim))).toBe('110022');
		const put = await admin(`${sim.url}/__sim/apps`, 'PUT', { appId: APP_ID, appKey: APP_KEY, publicKey: DEMO_PUBLIC_KEY });
		expect(put.status).toBe(200);
		expect(put.json.app).toMatchObject({ appId: APP_ID, appKey: '<redacted>' });
		expect(code(await validate(sim, await fetchToken(sim)))).toBe('000000');
	});

	it('POST /__sim/apps replaces an existing app', async () => {
		const sim = await simulator();
		expect((await admin(`${sim.url}/__sim/apps`, 'POST', baseApp({ rights: false }))).status).toBe(200);
		expect(code(await getMobile(sim))).toBe('110023');
	});

	it('DELETE /__sim/apps/:appId removes it', async () => {
		const sim = await simulator();
		expect((await admin(`${sim.url}/__sim/apps/${APP_ID}`, 'DELETE')).status).toBe(204);
		expect((await admin(`${sim.url}/__sim/apps/${APP_ID}`, 'DELETE')).status).toBe(404);
		expect(code(await getMobile(sim))).toBe('110022');
	});

	it('rejects an app with a bad key, naming the field', async () => {
		const sim = await simulator();
		const answer = await admin(`${sim.url}/__sim/apps`, 'PUT', baseApp({ publicKey: 'bm90IGEga2V5' }));
		expect(answer.status).toBe(400);
		expect(answer.json.error.message).toContain('app.publicKey');
	});

	it('GET /__sim/config shows the apps without their appKey', async () => {
		const sim = await simulator();
		const config = (await admin(`${sim.url}/__sim/config`, 'GET')).json;
		expect(config).toMatchObject({
			tokenTtlSeconds: 300,
			network: { mode: 'cellular', msisdn: '13800138000' },
			apps: [{ appId: APP_ID, appKey: '<redacted>' }],
		});
		expect(JSON.stringify(config)).not.toContain(APP_KEY);
	});

	it('GET /__sim/health answers ok', async () => {
		const sim = await simulator();
		await fetchToken(sim);
		expect((await admin(`${sim.url}/__sim/health`, 'GET')).json).toEqual({ status: 'ok', apps: 1, tokens: 1 });
	});

	it('answers admin preflights so a demo page on loopback can call it', async () => {
		const sim = await simulator();
		const response = await fetch(`${sim.url}/__sim/network`, {
			method: 'OPTIONS',
			headers: { Origin: 'http://127.0.0.1:5173', 'Access-Control-Request-Method': 'PUT' },
		});
		expect(response.status).toBe(204);
		expect(response.headers.get('access-control-allow-methods')).toContain('PUT');
		expect(response.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:5173');
	});
});

describe('close()', () => {
	it('stops listening, also with a request waiting on latency', async () => {
		const sim = await simulator();
		sim.setFaults({ getMobile: { latencyMs: 60_000 } });
		const pending = post(sim.getMobileUrl, signedGetMobile()).catch((error: unknown) => error);
		await new Promise((resolve) => setTimeout(resolve, 50));
		await sim.close();
		expect(await pending).toBeInstanceOf(Error);
		await expect(fetch(`${sim.url}/__sim/health`)).rejects.toThrow();
	});
});
