import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUaidClient, isUaidClientError } from '../../src/client/index.js';
import type { RunningSimulator } from '../../src/simulator/simulator.js';
import { startKitAndSimulator, type KitAndSimulator } from './support/kit-and-simulator.js';

// The client against the real server kit and the simulator, over real HTTP: the wire contract both ways.
let simulator: RunningSimulator;
let backendUrl: string;
let running: KitAndSimulator;
const appId = '300011580392';

beforeAll(async () => {
	running = await startKitAndSimulator(appId, 'client-contract-appkey');
	({ simulator, backendUrl } = running);
});

afterAll(async () => {
	await running.close();
});

const client = () =>
	createUaidClient({
		signUrl: `${backendUrl}/uaid/sign`,
		validateUrl: `${backendUrl}/uaid/validate`,
		tokenUrl: simulator.getMobileUrl,
		retries: 0,
	});

describe('the client with the server kit and the simulator', () => {
	it('gets the UAID the simulator derives for the subscriber', async () => {
		simulator.reset();
		const result = await client().start();
		expect(result).toEqual({ uaid: simulator.uaidFor(appId, simulator.network().msisdn), traceId: expect.any(String), data: {} });
		const getMobile = simulator.log().filter((e) => e.endpoint === 'getMobile');
		expect(getMobile).toMatchObject([{ method: 'POST', preflight: false, resultCode: '103000' }]);
		expect(getMobile[0]!.contentType).toMatch(/^text\/plain/);
	});

	it("reads the kit's error answers: a platform refusal at validation keeps its code and platform code", async () => {
		simulator.reset();
		simulator.setFaults({ imeiTokenValidate: { resultCode: '120009' } });
		const error = await client()
			.start()
			.catch((e: unknown) => e);
		expect(
			isUaidClientError(error) && { code: error.code, stage: error.stage, platformCode: error.platformCode, retryable: error.retryable },
		).toEqual({ code: 'token-expired', stage: 'validate', platformCode: '120009', retryable: true });
	});

	it('reads the platform refusal at getMobile from the catalogue', async () => {
		simulator.reset();
		simulator.setNetwork({ mode: 'blacklisted' });
		const error = await client()
			.start()
			.catch((e: unknown) => e);
		expect(error).toMatchObject({
			code: 'not-cellular',
			stage: 'token',
			platformCode: '111002',
			message: '黑名单号码用户',
			retryable: false,
		});
	});
});
