import { describe, expect, it } from 'vitest';
import {
	parseGetMobileResponse,
	RESULT_CLASSES,
	resultFix,
	RESULT_FIXES,
	signGetMobileRequest,
	type PlatformEndpoint,
} from '../../src/protocol/index.js';
import { validateToken } from '../../src/server/index.js';
import { DEMO_APP, DEMO_PRIVATE_KEY, demoSimulatorConfig, startSimulator } from '../../src/simulator/index.js';
import { KEYS } from '../server/support.js';

const ENDPOINTS: PlatformEndpoint[] = ['getMobile', 'imeiTokenValidate'];

describe('the fixes of the result-code catalogue', () => {
	it('give exactly the app-config codes of each endpoint a fix, in both languages', () => {
		for (const endpoint of ENDPOINTS) {
			const appConfig = Object.entries(RESULT_CLASSES[endpoint])
				.filter(([, resultClass]) => resultClass.category === 'app-config')
				.map(([code]) => code);
			expect(Object.keys(RESULT_FIXES[endpoint]).sort(), endpoint).toEqual(appConfig.sort());
			for (const fix of Object.values(RESULT_FIXES[endpoint])) {
				expect(fix.en).not.toBe('');
				expect(fix.zh).not.toBe('');
			}
		}
	});

	it('split 130018 by stage: the appKey or appId at getMobile, the registered public key or algorithm at validate', () => {
		expect(resultFix('getMobile', '130018')?.en).toMatch(/^the appKey or appId does not match the platform's/);
		expect(resultFix('getMobile', '130018')?.en).not.toMatch(/public key/);
		expect(resultFix('imeiTokenValidate', '130018')?.en).toMatch(/^the registered public key or algorithm does not match/);
		expect(resultFix('imeiTokenValidate', '130018')?.zh).toContain('公钥');
	});

	it('read a code the endpoint does not list as the other endpoint lists it, as the classification does', () => {
		expect(resultFix('imeiTokenValidate', '103101')).toBe(RESULT_FIXES.getMobile['103101']);
		expect(resultFix('getMobile', '110004')).toBe(RESULT_FIXES.imeiTokenValidate['110004']);
		expect(resultFix('getMobile', '999999')).toBeUndefined();
		expect(resultFix('getMobile', 'constructor')).toBeUndefined();
	});
});

describe('130018 from the simulator, by stage', () => {
	it('answers getMobile signed with a wrong appKey with 130018, whose fix names the appKey; and validate signed with another key with 130018, whose fix names the public key', async () => {
		const sim = await startSimulator({ config: demoSimulatorConfig() });
		try {
			const wrongAppKey = signGetMobileRequest({ appId: DEMO_APP.appId, appKey: 'not-the-platform-appkey' });
			const getMobile = parseGetMobileResponse(
				await (await fetch(sim.getMobileUrl, { method: 'POST', body: JSON.stringify(wrongAppKey) })).text(),
			);
			expect(getMobile).toMatchObject({ resultCode: '130018', category: 'app-config' });
			expect(resultFix('getMobile', getMobile.resultCode)?.en).toContain('appKey');

			const right = signGetMobileRequest({ appId: DEMO_APP.appId, appKey: DEMO_APP.appKey });
			const token = parseGetMobileResponse(await (await fetch(sim.getMobileUrl, { method: 'POST', body: JSON.stringify(right) })).text())
				.token!;
			// Signed with a key pair the platform never registered (not DEMO_PRIVATE_KEY).
			expect(KEYS.privateKey).not.toBe(DEMO_PRIVATE_KEY);
			const refused = await validateToken({
				appId: DEMO_APP.appId,
				token,
				privateKey: KEYS.privateKey,
				validateUrl: sim.validateUrl,
			}).catch((error: unknown) => error);
			expect(refused).toMatchObject({ code: 'app-config', platformCode: '130018' });
			expect(resultFix('imeiTokenValidate', (refused as { platformCode: string }).platformCode)?.en).toContain('registered public key');
		} finally {
			await sim.close();
		}
	});
});
