import { describe, expect, it } from 'vitest';
import { RESULT_CODES } from '../../src/protocol/index.js';
import { BACKEND_ERROR_TABLE } from '../../src/server/errors/error-codes.js';
import { postJson, signAndGetToken, startFakePlatform, startKit, useKitAndSimulator } from './support.js';

const OBSERVED = RESULT_CODES.filter((entry) => entry.provenance === 'observed');

describe('the server kit meets the codes and answer shapes seen in real traffic', () => {
	const env = useKitAndSimulator();

	it('knows the observed codes', () => {
		expect([...new Set(OBSERVED.map((e) => e.code))].sort()).toEqual([
			'103101',
			'103111',
			'103134',
			'103211',
			'103609',
			'105002',
			'105112',
			'105113',
			'105312',
			'110024',
			'110025',
			'110026',
			'110028',
			'130010',
			'130030',
			'170001',
			'500',
			'503',
		]);
	});

	it.each(OBSERVED.map((entry) => [entry.code, entry.category, entry] as const))(
		'answers the platform’s %s as %s, with its retryability and the code',
		async (_code, _category, entry) => {
			const { signed, token } = await signAndGetToken(env.kit.url, env.simulator);
			env.simulator.setFaults({ imeiTokenValidate: { resultCode: entry.code, variant: entry.variant, count: 1 } });
			const { status, json } = await postJson(`${env.kit.url}/uaid/validate`, { token, traceId: signed.traceId });
			expect(json.error).toEqual({
				code: entry.category,
				message: expect.stringContaining(entry.zh),
				platformCode: entry.code,
				retryable: entry.retryable,
			});
			expect(status).toBe(BACKEND_ERROR_TABLE[entry.category as keyof typeof BACKEND_ERROR_TABLE].status);
			const platformLine = env.kit.logs.find((e) => e.stage === 'platform' && e.traceId === signed.traceId);
			expect(platformLine?.platformCode).toBe(entry.code);
			expect(platformLine?.unknownPlatformCode).toBeUndefined();
		},
	);

	it('logs a code in no table as unknown, with the platform’s text, and answers a retryable platform-error', async () => {
		const { signed, token } = await signAndGetToken(env.kit.url, env.simulator);
		env.simulator.setFaults({ imeiTokenValidate: { resultCode: '120099', resultDesc: '新的错误', count: 1 } });
		const { status, json } = await postJson(`${env.kit.url}/uaid/validate`, { token, traceId: signed.traceId });
		expect(status).toBe(502);
		expect(json.error).toEqual({
			code: 'platform-error',
			message: expect.stringContaining('新的错误'),
			platformCode: '120099',
			retryable: true,
		});
		const platformLine = env.kit.logs.find((e) => e.stage === 'platform' && e.traceId === signed.traceId);
		expect(platformLine).toMatchObject({ platformCode: '120099', unknownPlatformCode: true, detail: '新的错误' });
	});

	it('reads a flat answer from the simulator: success and failure', async () => {
		const first = await signAndGetToken(env.kit.url, env.simulator);
		const second = await signAndGetToken(env.kit.url, env.simulator);
		// Only imeiTokenValidate answers flat here: the test's own getMobile reads the envelope.
		env.simulator.setAnswers({ shape: 'flat' });
		try {
			const ok = await postJson(`${env.kit.url}/uaid/validate`, { token: first.token, traceId: first.signed.traceId });
			expect(ok.status).toBe(200);
			expect(ok.json.uaid).toBe(env.simulator.uaidFor('300011580392', '13800138000'));
			const again = await postJson(`${env.kit.url}/uaid/validate`, { token: first.token, traceId: second.signed.traceId });
			expect(again.json.error).toMatchObject({ code: 'token-expired', platformCode: '120009' });
		} finally {
			env.simulator.setAnswers({ shape: 'enveloped' });
		}
	});

	for (const [shape, body] of [
		[
			'resultCode in header, as older NumberAbility APIs put it',
			{ header: { resultCode: '000000', resultDesc: '成功' }, body: { UAID: 'b'.repeat(64) } },
		],
		// The code as text: a numeric 0 is not taken for success (issue 30; test/server/platform-success.test.ts).
		['lower-case resultcode and extra fields', { resultcode: '000000', resultDesc: '成功', UAID: 'b'.repeat(64), msisdnOwner: 'x' }],
	] as const) {
		it(`reads an answer with ${shape}`, async () => {
			const fake = await startFakePlatform(() => ({ status: 200, body: JSON.stringify(body) }));
			const other = await startKit({ validateUrl: fake.url });
			try {
				const sign = await postJson(`${other.url}/uaid/sign`, {});
				const { status, json } = await postJson(`${other.url}/uaid/validate`, {
					token: 'H5HTTPS0123456789ABCDEF0123456789ABCDEF',
					traceId: sign.json.traceId,
				});
				expect(status).toBe(200);
				expect(json.uaid).toBe('b'.repeat(64));
			} finally {
				await other.close();
				await fake.close();
			}
		});
	}
});
