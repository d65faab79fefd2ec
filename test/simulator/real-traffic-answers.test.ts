import { afterEach, describe, expect, it } from 'vitest';
import { parseGetMobileResponse, parseValidateResponse, TOKEN_PATTERN, UAID_PATTERN } from '../../src/protocol/index.js';
import { startSimulator } from '../../src/simulator/index.js';
import { APP_ID, baseApp, closeAll, fetchToken, getMobile, simulator, validate } from './support.js';

afterEach(closeAll);

describe('answers as real devices see them', () => {
	it('answers Wi-Fi and other carriers with 103111 WAP网关IP错误 by default', async () => {
		const sim = await simulator();
		for (const mode of ['wifi', 'other-carrier'] as const) {
			sim.setNetwork({ mode });
			const answer = await getMobile(sim);
			expect(answer.json.body).toMatchObject({ resultCode: '103111', resultDesc: 'WAP网关IP错误' });
			expect(answer.json.body.token).toBeUndefined();
		}
	});

	it('answers 103134 WAP取号为空 on China Mobile when the gateway found no number', async () => {
		const sim = await simulator({ config: { apps: [baseApp()], network: { mode: 'cellular-no-number' } } });
		expect((await getMobile(sim)).json.body).toMatchObject({ resultCode: '103134', resultDesc: 'WAP取号为空' });
	});

	it('answers the guide’s 111002 rows instead when answers.notCellular is guide, and can switch at run time', async () => {
		const sim = await simulator({ config: { apps: [baseApp()], network: { mode: 'wifi' }, answers: { notCellular: 'guide' } } });
		expect((await getMobile(sim)).json.body.resultCode).toBe('111002');
		expect(sim.setAnswers({ notCellular: 'observed' })).toEqual({ notCellular: 'observed', shape: 'enveloped' });
		expect((await getMobile(sim)).json.body.resultCode).toBe('103111');
		sim.reset();
		expect(sim.answers()).toEqual({ notCellular: 'guide', shape: 'enveloped' });
	});

	it('answers flat, with only resultCode, resultDesc and the token or UAID, when answers.shape is flat', async () => {
		const sim = await simulator({ config: { apps: [baseApp()], answers: { shape: 'flat' } } });
		const issued = await getMobile(sim);
		expect(Object.keys(issued.json).sort()).toEqual(['resultCode', 'resultDesc', 'token']);
		expect(issued.json.token).toMatch(TOKEN_PATTERN);
		const validated = await validate(sim, issued.json.token);
		expect(validated.json).toEqual({ resultCode: '000000', resultDesc: '成功', UAID: sim.uaidFor(APP_ID, '13800138000') });
		expect(parseValidateResponse(validated.text).uaid).toMatch(UAID_PATTERN);
		sim.setNetwork({ mode: 'wifi' });
		expect((await getMobile(sim)).json).toEqual({ resultCode: '103111', resultDesc: 'WAP网关IP错误' });
	});

	it('shows the answer settings in GET /__sim/config', async () => {
		const sim = await simulator({ config: { apps: [baseApp()], answers: { shape: 'flat' } } });
		const config = await (await fetch(`${sim.url}/__sim/config`)).json();
		expect(config.answers).toEqual({ notCellular: 'observed', shape: 'flat' });
	});

	it('refuses unknown answer settings, naming the field', async () => {
		await expect(startSimulator({ config: { answers: { shape: 'nested' } as never } })).rejects.toThrow(/answers\.shape/);
		await expect(startSimulator({ config: { answers: { notCellular: 'sometimes' } as never } })).rejects.toThrow(/answers\.notCellular/);
		await expect(startSimulator({ config: { answers: { flat: true } as never } })).rejects.toThrow(/flat/);
		const sim = await simulator();
		expect(() => sim.setAnswers({ shape: 'x' as never })).toThrow(/answers\.shape/);
		expect(sim.answers()).toEqual({ notCellular: 'observed', shape: 'enveloped' });
	});
});

describe('a forced code the catalogue does not know', () => {
	it('is answered with the resultDesc given, HTTP 200, on either endpoint', async () => {
		const sim = await simulator();
		const token = await fetchToken(sim);
		sim.setFaults({
			getMobile: { resultCode: '123456', resultDesc: '未知错误' },
			imeiTokenValidate: { resultCode: '654321', resultDesc: '另一个' },
		});
		expect((await getMobile(sim)).json.body).toMatchObject({ resultCode: '123456', resultDesc: '未知错误' });
		expect((await validate(sim, token)).json.body).toMatchObject({ resultCode: '654321', resultDesc: '另一个' });
		expect(sim.log().at(-1)).toMatchObject({ fault: 'resultCode', resultCode: '654321', resultVariant: 'uncatalogued' });
		expect(parseGetMobileResponse({ resultCode: '123456' })).toMatchObject({ category: 'platform-error', known: false });
	});

	it('needs resultDesc, and resultDesc is refused for a catalogued code', async () => {
		const sim = await simulator();
		expect(() => sim.setFaults({ getMobile: { resultCode: '123456' } })).toThrow(/resultDesc/);
		expect(() => sim.setFaults({ getMobile: { resultCode: '103111', resultDesc: 'x' } })).toThrow(/catalogued/);
		expect(() => sim.setFaults({ getMobile: { resultCode: 'abc', resultDesc: 'x' } })).toThrow(/six digits/);
	});

	it('lets either endpoint be forced to a code catalogued for the other', async () => {
		const sim = await simulator();
		const token = await fetchToken(sim);
		sim.setFaults({ imeiTokenValidate: { resultCode: '103111' }, getMobile: { resultCode: '110028' } });
		expect((await validate(sim, token)).json.body).toMatchObject({ resultCode: '103111', resultDesc: 'WAP网关IP错误' });
		expect((await getMobile(sim)).json.body).toMatchObject({ resultCode: '110028', resultDesc: 'appId不存在' });
	});
});
