import { describe, expect, it } from 'vitest';
import { RESULT_CODES } from '../../src/protocol/index.js';
import { BACKEND_ERROR_TABLE } from '../../src/server/errors/error-codes.js';
import { postJson, signAndGetToken, startFakePlatform, startKit, useKitAndSimulator } from './support.js';

const FAILURES = RESULT_CODES.filter((entry) => entry.endpoint === 'imeiTokenValidate' && entry.category !== 'ok');

describe('every imeiTokenValidate result code maps to its stable code', () => {
	const env = useKitAndSimulator();

	it('covers the whole catalogue', () => {
		expect(FAILURES.map((e) => e.code).sort()).toEqual([
			'110004',
			'110022',
			'110023',
			'110028',
			'120009',
			'120009',
			'120010',
			'120010',
			'130010',
			'130018',
			'130030',
			'130032',
			'999999',
		]);
	});

	it.each(FAILURES.map((entry) => [entry.code, entry.variant, entry] as const))('%s (%s)', async (_code, _variant, entry) => {
		const { signed, token } = await signAndGetToken(env.kit.url, env.simulator);
		env.simulator.setFaults({ imeiTokenValidate: { resultCode: entry.code, variant: entry.variant, count: 1 } });
		const { status, json } = await postJson(`${env.kit.url}/uaid/validate`, { token, traceId: signed.traceId });
		expect(json).toEqual({
			error: { code: entry.category, message: expect.stringContaining(entry.code), platformCode: entry.code, retryable: entry.retryable },
		});
		expect(status).toBe(BACKEND_ERROR_TABLE[entry.category as keyof typeof BACKEND_ERROR_TABLE].status);
		expect(status).toBeGreaterThanOrEqual(400);
		const line = env.kit.logs.find((e) => e.stage === 'validate' && e.traceId === signed.traceId);
		expect(line).toMatchObject({ status, code: entry.category, platformCode: entry.code });
	});

	it('an unknown platform code is a retryable platform-error carrying the code', async () => {
		const fake = await startFakePlatform(() => ({
			status: 200,
			body: JSON.stringify({ header: {}, body: { resultCode: '777777', resultDesc: '未知' } }),
		}));
		const other = await startKit({ validateUrl: fake.url });
		try {
			const sign = await postJson(`${other.url}/uaid/sign`, {});
			const { status, json } = await postJson(`${other.url}/uaid/validate`, {
				token: 'H5HTTPS0123456789ABCDEF0123456789ABCDEF',
				traceId: sign.json.traceId,
			});
			expect(status).toBe(502);
			expect(json.error).toMatchObject({ code: 'platform-error', platformCode: '777777', retryable: true });
		} finally {
			await other.close();
			await fake.close();
		}
	});

	it('reads the guide’s misspelt resultCoode', async () => {
		const fake = await startFakePlatform(() => ({
			status: 200,
			body: JSON.stringify({ header: { version: '1.0' }, body: { resultCoode: '000000', resultDesc: '成功', UAID: 'a'.repeat(64) } }),
		}));
		const other = await startKit({ validateUrl: fake.url });
		try {
			const sign = await postJson(`${other.url}/uaid/sign`, {});
			const { status, json } = await postJson(`${other.url}/uaid/validate`, {
				token: 'H5HTTPS0123456789ABCDEF0123456789ABCDEF',
				traceId: sign.json.traceId,
			});
			expect(status).toBe(200);
			expect(json.uaid).toBe('a'.repeat(64));
		} finally {
			await other.close();
			await fake.close();
		}
	});
});
