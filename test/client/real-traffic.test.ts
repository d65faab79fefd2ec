import { describe, expect, it } from 'vitest';
import { RESULT_CODES } from '../../src/protocol/result-codes.js';
import { clientAgainstKit, failure } from './support/client-against-kit.js';

// The client, the server kit and the simulator over real HTTP, answering as real devices see it.
const appId = '300011580392';
const kit = clientAgainstKit(appId, 'real-traffic-appkey');
const { client, getMobileCalls } = kit;

describe('the client meets what real devices get', () => {
	it('on Wi-Fi gets 103111 as not-cellular, not retryable, after one getMobile', async () => {
		kit.simulator().setNetwork({ mode: 'wifi' });
		expect(await failure(client().start())).toMatchObject({
			code: 'not-cellular',
			stage: 'token',
			platformCode: '103111',
			message: 'WAP网关IP错误',
			retryable: false,
		});
		expect(getMobileCalls()).toHaveLength(1);
	});

	it('on another carrier gets 103111 the same way', async () => {
		kit.simulator().setNetwork({ mode: 'other-carrier' });
		expect(await failure(client().start())).toMatchObject({ code: 'not-cellular', platformCode: '103111', retryable: false });
		expect(getMobileCalls()).toHaveLength(1);
	});

	it('on China Mobile with no number found gets 103134 as not-cellular', async () => {
		kit.simulator().setNetwork({ mode: 'cellular-no-number' });
		expect(await failure(client().start())).toMatchObject({
			code: 'not-cellular',
			platformCode: '103134',
			message: 'WAP取号为空',
			retryable: false,
		});
		expect(getMobileCalls()).toHaveLength(1);
	});

	for (const entry of RESULT_CODES.filter((e) => e.provenance === 'observed')) {
		const calls = entry.retryable ? 1 + (entry.retries ?? 3) : 1;
		it(`reads getMobile's observed ${entry.code} ${entry.zh} as ${entry.category}, and asks ${calls} time(s) in all`, async () => {
			kit.simulator().setFaults({ getMobile: { resultCode: entry.code, variant: entry.variant } });
			expect(await failure(client({ retries: 3 }).start())).toMatchObject({
				code: entry.category,
				stage: 'token',
				platformCode: entry.code,
				message: entry.zh,
				retryable: entry.retryable,
			});
			expect(getMobileCalls()).toHaveLength(calls);
		});
	}

	it('gets the UAID when both endpoints answer flat', async () => {
		kit.simulator().setAnswers({ shape: 'flat' });
		expect(await client({ retries: 0 }).start()).toEqual({
			uaid: kit.simulator().uaidFor(appId, kit.simulator().network().msisdn),
			traceId: expect.any(String),
			data: {},
		});
	});

	it('reads a flat 103111 as not-cellular, after one getMobile', async () => {
		kit.simulator().setAnswers({ shape: 'flat' });
		kit.simulator().setNetwork({ mode: 'wifi' });
		expect(await failure(client().start())).toMatchObject({ code: 'not-cellular', platformCode: '103111', retryable: false });
		expect(getMobileCalls()).toHaveLength(1);
	});
});

describe('a code in no table', () => {
	it('is a platform-error keeping the platform’s code and text, retried once however many retries are allowed', async () => {
		kit.simulator().setFaults({ getMobile: { resultCode: '103999', resultDesc: '没见过的错误' } });
		expect(await failure(client({ retries: 5 }).start())).toMatchObject({
			code: 'platform-error',
			stage: 'token',
			platformCode: '103999',
			message: '没见过的错误',
			retryable: true,
		});
		expect(getMobileCalls()).toHaveLength(2);
	});

	it('is not retried at all with retries: 0', async () => {
		kit.simulator().setFaults({ getMobile: { resultCode: '103999', resultDesc: '没见过的错误' } });
		await failure(client({ retries: 0 }).start());
		expect(getMobileCalls()).toHaveLength(1);
	});

	it('from the validate endpoint is not retried from the start: one getMobile per tap (issue 12)', async () => {
		kit.simulator().setFaults({ imeiTokenValidate: { resultCode: '120099', resultDesc: '新的错误' } });
		expect(await failure(client({ retries: 5 }).start())).toMatchObject({
			code: 'platform-error',
			stage: 'validate',
			platformCode: '120099',
			retryable: true,
		});
		expect(getMobileCalls()).toHaveLength(1);
	});

	it('does not stop the guide’s 999999 from using every retry allowed', async () => {
		kit.simulator().setFaults({ getMobile: { resultCode: '999999' } });
		await failure(client({ retries: 3 }).start());
		expect(getMobileCalls()).toHaveLength(4);
	});
});
