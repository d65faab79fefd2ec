import { afterEach, describe, expect, it } from 'vitest';
import { parseGetMobileResponse, TOKEN_PATTERN } from '../../src/protocol/index.js';
import { startSimulator } from '../../src/simulator/index.js';
import { baseApp, closeAll, getMobile, signedGetMobile, simulator } from './support.js';

afterEach(closeAll);

describe('other-carrier names the carrier, as a real China Unicom phone’s answer did', () => {
	it('answers 103111 enveloped with msisdnOwner CU, the switches, keytype and ipType, laid out as observed', async () => {
		const sim = await simulator({ config: { apps: [baseApp()], network: { mode: 'other-carrier' } } });
		const answer = await getMobile(sim);
		expect(answer.status).toBe(200);
		expect(Object.keys(answer.json)).toEqual(['header', 'body']);
		expect(Object.keys(answer.json.header)).toEqual(['appId', 'msgId', 'timestamp']);
		// The real answer's fields in its order (PROTOCOL.md § 6.1), no expandParams.
		expect(Object.keys(answer.json.body)).toEqual([
			'msisdnOwner',
			'msisdnOwnerback',
			'ctGetMobileSwitch',
			'resultCode',
			'keytype',
			'cuGetMobileSwitch',
			'resultDesc',
			'ipType',
		]);
		expect(answer.json.body).toEqual({
			msisdnOwner: 'CU',
			msisdnOwnerback: '0',
			ctGetMobileSwitch: '0',
			resultCode: '103111',
			keytype: '1',
			cuGetMobileSwitch: '0',
			resultDesc: 'WAP网关IP错误',
			ipType: 'ipv4',
		});
		expect(parseGetMobileResponse(answer.text)).toMatchObject({ category: 'not-cellular', carrier: 'china-unicom' });
	});

	it('takes carrier china-telecom from the config, and from PUT /__sim/network at run time', async () => {
		const sim = await simulator({ config: { apps: [baseApp()], network: { mode: 'other-carrier', carrier: 'china-telecom' } } });
		expect((await getMobile(sim)).json.body.msisdnOwner).toBe('CT');
		const put = await fetch(`${sim.url}/__sim/network`, {
			method: 'PUT',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ carrier: 'china-unicom' }),
		});
		expect(put.status).toBe(200);
		expect(await put.json()).toMatchObject({ mode: 'other-carrier', carrier: 'china-unicom' });
		expect((await getMobile(sim)).json.body.msisdnOwner).toBe('CU');
	});

	it('answers flat with the same fields when answers.shape is flat, and the guide’s 111002 without them', async () => {
		const sim = await simulator({
			config: { apps: [baseApp()], network: { mode: 'other-carrier', carrier: 'china-telecom' }, answers: { shape: 'flat' } },
		});
		expect((await getMobile(sim)).json).toMatchObject({ msisdnOwner: 'CT', resultCode: '103111', ipType: 'ipv4' });
		sim.setAnswers({ shape: 'enveloped', notCellular: 'guide' });
		const guide = await getMobile(sim);
		expect(guide.json.body).toEqual({ resultCode: '111002', resultDesc: '网关未插入手机号-非移动号码', expandParams: '' });
	});

	it('refuses a carrier that is not China Unicom or China Telecom, naming the field', async () => {
		await expect(
			startSimulator({ port: 0, config: { network: { mode: 'other-carrier', carrier: 'china-mobile' } } as never }),
		).rejects.toThrow(/network\.carrier.*china-unicom, china-telecom/);
		const sim = await simulator();
		const put = await fetch(`${sim.url}/__sim/network`, {
			method: 'PUT',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ carrier: 'CU' }),
		});
		expect(put.status).toBe(400);
	});
});

describe('timestampWindowMs (assumed, off by default)', () => {
	it('answers 105112 时间戳非法 to a request signed outside the window, and a token inside it', async () => {
		const sim = await simulator({ config: { apps: [baseApp()], timestampWindowMs: 60_000 } });
		expect((await getMobile(sim, signedGetMobile({ now: Date.now() - 120_000 }))).json.body).toMatchObject({
			resultCode: '105112',
			resultDesc: '时间戳非法',
		});
		expect((await getMobile(sim, signedGetMobile({ now: Date.now() + 120_000 }))).json.body.resultCode).toBe('105112');
		expect((await getMobile(sim, signedGetMobile())).json.body.token).toMatch(TOKEN_PATTERN);
		expect(sim.log().at(-2)).toMatchObject({ resultVariant: 'timestamp-invalid' });
	});

	it('checks nothing without it: a day-old timestamp still gets a token', async () => {
		const sim = await simulator();
		expect((await getMobile(sim, signedGetMobile({ now: Date.now() - 86_400_000 }))).json.body.token).toMatch(TOKEN_PATTERN);
	});

	it('refuses a window that is not a whole number of milliseconds ≥ 1', async () => {
		await expect(startSimulator({ port: 0, config: { timestampWindowMs: 0 } })).rejects.toThrow(/timestampWindowMs/);
		await expect(startSimulator({ port: 0, config: { timestampWindowMs: '60000' as never } })).rejects.toThrow(/timestampWindowMs/);
	});
});
