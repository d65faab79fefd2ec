import { describe, expect, it } from 'vitest';
import { parseGetMobileResponse } from '../../src/protocol/index.js';
import { clientAgainstKit, failure } from './support/client-against-kit.js';

// The client, the server kit and the simulator over real HTTP.
const kit = clientAgainstKit('300011580392', 'carrier-appkey');
const { client, getMobileCalls } = kit;

describe('the carrier getMobile’s answer names', () => {
	it.each([
		['china-unicom', 'CU'],
		['china-telecom', 'CT'],
	] as const)('is on the error as %s when msisdnOwner is %s', async (carrier, owner) => {
		kit.simulator().setNetwork({ mode: 'other-carrier', carrier });
		const error = await failure(client().start());
		expect(error).toMatchObject({ code: 'not-cellular', stage: 'token', platformCode: '103111', retryable: false, carrier });
		expect(kit.simulator().log().at(-1)).toMatchObject({ endpoint: 'getMobile', resultCode: '103111' });
		expect(owner).toBe(carrier === 'china-unicom' ? 'CU' : 'CT');
	});

	it('is absent where the answer names none (Wi-Fi)', async () => {
		kit.simulator().setNetwork({ mode: 'wifi' });
		expect((await failure(client().start())) as object).not.toHaveProperty('carrier');
	});

	it('is read from the real answer verbatim, and from flat answers with extra fields, in any case', () => {
		const real =
			'{"header":{"appId":"300013207076","msgId":"D4C57297-86BB-4616-BD6C-FED206A52AD1","timestamp":"20260410015652829"},"body":{"msisdnOwner":"CU","msisdnOwnerback":"0","ctGetMobileSwitch":"0","resultCode":"103111","keytype":"1","cuGetMobileSwitch":"0","resultDesc":"WAP网关IP错误","ipType":"ipv6"}}';
		expect(parseGetMobileResponse(real)).toMatchObject({
			resultCode: '103111',
			category: 'not-cellular',
			retryable: false,
			carrier: 'china-unicom',
			known: true,
		});
		expect(
			parseGetMobileResponse({ resultCode: 103111, resultDesc: 'WAP网关IP错误', msisdnOwner: ' ct ', ipType: 'ipv4', extra: { a: 1 } }),
		).toMatchObject({ carrier: 'china-telecom' });
		expect(parseGetMobileResponse({ resultCode: '103111', msisdnOwner: 'CM' }).carrier).toBe('china-mobile');
		for (const owner of ['XX', '', 1, null, ['CU']])
			expect(parseGetMobileResponse({ resultCode: '103111', msisdnOwner: owner })).not.toHaveProperty('carrier');
	});
});

describe('105112 时间戳非法', () => {
	it('signs once afresh (never the request fetched ahead) and succeeds when the platform takes it', async () => {
		const signs: string[] = [];
		const posted: string[] = [];
		const recording: typeof fetch = async (input, init) => {
			const url = String(input instanceof Request ? input.url : input);
			if (url.endsWith('/uaid/sign')) signs.push(url);
			if (url === kit.simulator().getMobileUrl)
				posted.push(
					(JSON.parse(input instanceof Request ? await input.clone().text() : String(init?.body)) as { traceId: string }).traceId,
				);
			return fetch(input, init);
		};
		const c = client({ retries: 3, fetch: recording });
		await c.prefetch();
		expect(signs).toHaveLength(1);
		kit.simulator().setFaults({ getMobile: { resultCode: '105112', count: 1 } });
		expect(await c.start()).toMatchObject({ uaid: expect.any(String) });
		expect(getMobileCalls()).toHaveLength(2);
		// The prefetched request met 105112; the retry signed afresh: two signs, two traceIds.
		expect(signs).toHaveLength(2);
		expect(new Set(posted).size).toBe(2);
	});

	it('then stops: two getMobile calls at most, whatever retries allow', async () => {
		kit.simulator().setFaults({ getMobile: { resultCode: '105112' } });
		const error = await failure(client({ retries: 5 }).start());
		expect(error).toMatchObject({ code: 'app-config', stage: 'token', platformCode: '105112', message: '时间戳非法' });
		expect(getMobileCalls()).toHaveLength(2);
	});

	it('is not retried with retries: 0', async () => {
		kit.simulator().setFaults({ getMobile: { resultCode: '105112' } });
		await failure(client({ retries: 0 }).start());
		expect(getMobileCalls()).toHaveLength(1);
	});
});

describe('codes nobody can retry into success', () => {
	it.each(['105312', '170001', '110026', '103609'])('%s is not retried', async (code) => {
		kit.simulator().setFaults({ getMobile: { resultCode: code } });
		expect(await failure(client({ retries: 3 }).start())).toMatchObject({ platformCode: code, retryable: false });
		expect(getMobileCalls()).toHaveLength(1);
	});

	it('103211 其他错误 is retried once', async () => {
		kit.simulator().setFaults({ getMobile: { resultCode: '103211' } });
		expect(await failure(client({ retries: 3 }).start())).toMatchObject({
			code: 'platform-error',
			platformCode: '103211',
			retryable: true,
		});
		expect(getMobileCalls()).toHaveLength(2);
	});
});
