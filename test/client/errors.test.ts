import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createUaidClient, isUaidClientError, type UaidClientError, type UaidClientOptions } from '../../src/client/index.js';
import { isUaidError } from '../../src/protocol/index.js';
import { platformAnswer, startFakeUaidServer, type FakeUaidServer } from './support/fake-uaid-server.js';

let server: FakeUaidServer;
beforeEach(async () => {
	server = await startFakeUaidServer();
});
afterEach(async () => {
	vi.unstubAllGlobals();
	await server.close();
});

const clientFor = (options: UaidClientOptions = {}) =>
	createUaidClient({ signUrl: server.signUrl, validateUrl: server.validateUrl, tokenUrl: server.tokenUrl, retries: 0, ...options });

async function failure(promise: Promise<unknown>): Promise<UaidClientError> {
	const error = await promise.then(
		() => {
			throw new Error('expected the run to fail');
		},
		(e: unknown) => e,
	);
	expect(isUaidClientError(error)).toBe(true);
	expect(isUaidError(error)).toBe(true);
	return error as UaidClientError;
}

describe('platform answers become typed errors with the catalogue category', () => {
	const cases = [
		['111002', '网关未插入手机号-116', 'not-cellular', false],
		['111002', '黑名单号码用户', 'not-cellular', false],
		['110022', '应用 ID 不存在', 'app-config', false],
		['110023', '应用没有权益', 'app-config', false],
		['130010', '参数为空-appId is empty', 'bad-request', false],
		['140005', '请求过于频繁', 'rate-limited', false],
		['999999', '系统错误', 'platform-error', true],
	] as const;
	for (const [code, desc, category, retryable] of cases) {
		it(`getMobile ${code} ${desc} is ${category}`, async () => {
			server.on('/h5/getMobile', () => platformAnswer(code, desc));
			const error = await failure(clientFor().start());
			expect(error).toMatchObject({ code: category, stage: 'token', platformCode: code, retryable, message: desc });
			expect(server.requestsTo('/uaid/validate')).toHaveLength(0);
		});
	}

	it('an unknown platform code is a retryable platform-error', async () => {
		server.on('/h5/getMobile', () => platformAnswer('123456', '?'));
		expect(await failure(clientFor().start())).toMatchObject({ code: 'platform-error', retryable: true, platformCode: '123456' });
	});

	it('a garbled getMobile answer is invalid-response', async () => {
		server.on('/h5/getMobile', () => ({ body: '<html>gateway</html>', contentType: 'text/html' }));
		expect(await failure(clientFor().start())).toMatchObject({ code: 'invalid-response', stage: 'token', retryable: true });
	});

	it('getMobile success without a token is invalid-response', async () => {
		server.on('/h5/getMobile', () => platformAnswer('103000', '成功'));
		expect(await failure(clientFor().start())).toMatchObject({ code: 'invalid-response', stage: 'token' });
	});

	it('an HTTP error from getMobile is http-error, retryable for 5xx only', async () => {
		server.on('/h5/getMobile', () => ({ status: 503, body: 'down' }));
		expect(await failure(clientFor().start())).toMatchObject({ code: 'http-error', stage: 'token', status: 503, retryable: true });
		server.on('/h5/getMobile', () => ({ status: 404, body: 'nope' }));
		expect(await failure(clientFor().start())).toMatchObject({ code: 'http-error', status: 404, retryable: false });
	});
});

describe('backend answers', () => {
	it("the backend's error body is passed on with its code, platform code and retryability", async () => {
		server.on('/uaid/validate', () => ({
			status: 409,
			body: { error: { code: 'replayed-trace', message: 'This traceId was validated before.', retryable: true } },
		}));
		expect(await failure(clientFor().start())).toMatchObject({
			code: 'replayed-trace',
			stage: 'validate',
			retryable: true,
			status: 409,
			message: 'This traceId was validated before.',
		});
		server.on('/uaid/validate', () => ({
			status: 502,
			body: { error: { code: 'token-expired', message: 'expired', platformCode: '120009', retryable: true } },
		}));
		expect(await failure(clientFor().start())).toMatchObject({ code: 'token-expired', stage: 'validate', platformCode: '120009' });
	});

	it('a sign endpoint refusal is reported at the sign stage', async () => {
		server.on('/uaid/sign', () => ({ status: 429, body: { error: { code: 'rate-limited', message: 'Too many.', retryable: false } } }));
		expect(await failure(clientFor().start())).toMatchObject({ code: 'rate-limited', stage: 'sign', retryable: false });
		expect(server.requestsTo('/h5/getMobile')).toHaveLength(0);
	});

	it('a sign answer missing a field is invalid-response and nothing is posted to the platform', async () => {
		server.on('/uaid/sign', () => ({ body: { appId: '1', version: '1.0' } }));
		expect(await failure(clientFor().start())).toMatchObject({ code: 'invalid-response', stage: 'sign' });
		expect(server.requestsTo('/h5/getMobile')).toHaveLength(0);
	});

	it('a validate answer without a traceId, or with a UAID that is not a string, is invalid-response', async () => {
		server.on('/uaid/validate', () => ({ body: { uaid: 'a'.repeat(64) } }));
		expect(await failure(clientFor().start())).toMatchObject({ code: 'invalid-response', stage: 'validate', retryable: false });
		server.on('/uaid/validate', () => ({ body: { uaid: 5, traceId: 'x' } }));
		expect(await failure(clientFor().start())).toMatchObject({ code: 'invalid-response', stage: 'validate', retryable: false });
		server.on('/uaid/validate', () => ({ body: ['x'] }));
		expect(await failure(clientFor().start())).toMatchObject({ code: 'invalid-response', stage: 'validate', retryable: false });
	});

	it('a backend 500 without an error body is http-error', async () => {
		server.on('/uaid/sign', () => ({ status: 500, body: 'Internal Server Error', contentType: 'text/plain' }));
		expect(await failure(clientFor().start())).toMatchObject({ code: 'http-error', stage: 'sign', status: 500, retryable: true });
	});
});

describe('transport failures', () => {
	it('no answer within the timeout is timeout', async () => {
		server.on('/h5/getMobile', () => ({ body: {}, delayMs: 2_000 }));
		expect(await failure(clientFor({ timeoutMs: 100 }).start())).toMatchObject({ code: 'timeout', stage: 'token', retryable: true });
	});

	it('a dropped connection is network', async () => {
		server.on('/uaid/validate', () => 'drop');
		expect(await failure(clientFor().start())).toMatchObject({ code: 'network', stage: 'validate', retryable: true });
	});

	it('a backend that is down is network at the sign stage', async () => {
		const signUrl = server.signUrl;
		await server.close();
		expect(await failure(clientFor({ signUrl }).start())).toMatchObject({ code: 'network', stage: 'sign' });
		server = await startFakeUaidServer();
	});
});

describe('Wi-Fi', () => {
	it('ends the run with wifi-detected before any request when the browser says Wi-Fi', async () => {
		vi.stubGlobal('navigator', { connection: { type: 'wifi' } });
		expect(await failure(clientFor().start())).toMatchObject({ code: 'wifi-detected', stage: 'token', retryable: false });
		expect(server.requests).toHaveLength(0);
	});

	it('lets the platform decide when detection is off', async () => {
		vi.stubGlobal('navigator', { connection: { type: 'wifi' } });
		await expect(clientFor({ detectWifi: false }).start()).resolves.toMatchObject({ uaid: expect.any(String) });
	});

	it('goes ahead on cellular', async () => {
		vi.stubGlobal('navigator', { connection: { type: 'cellular' } });
		await expect(clientFor().start()).resolves.toMatchObject({ uaid: expect.any(String) });
	});
});

describe('automatic retry', () => {
	it('retries a retryable failure once with a new signed request and a new token', async () => {
		let calls = 0;
		server.on('/h5/getMobile', () => (++calls === 1 ? platformAnswer('999999', '系统错误') : undefined));
		const result = await clientFor({ retries: 1 }).start();
		expect(result).toMatchObject({ uaid: expect.stringMatching(/^[0-9a-f]{64}$/) });
		const signedBodies = server.requestsTo('/h5/getMobile').map((r) => (JSON.parse(r.body) as { traceId: string }).traceId);
		expect(server.requestsTo('/uaid/sign')).toHaveLength(2);
		expect(new Set(signedBodies).size).toBe(2);
	});

	it('gives up after the configured retries and reports the last failure', async () => {
		server.on('/h5/getMobile', () => platformAnswer('999999', '系统错误'));
		expect(await failure(clientFor({ retries: 2 }).start())).toMatchObject({ code: 'platform-error' });
		expect(server.requestsTo('/h5/getMobile')).toHaveLength(3);
	});

	it('never retries rate-limited, app-config or not-cellular', async () => {
		for (const [code, desc] of [
			['140005', '请求过于频繁'],
			['110023', '应用没有权益'],
			['111002', '黑名单号码用户'],
		] as const) {
			server.requests.length = 0;
			server.on('/h5/getMobile', () => platformAnswer(code, desc));
			await failure(clientFor({ retries: 3 }).start());
			expect(server.requestsTo('/h5/getMobile')).toHaveLength(1);
		}
	});

	it('does not retry after a timeout: the user has waited already', async () => {
		server.on('/h5/getMobile', () => ({ body: {}, delayMs: 2_000 }));
		await failure(clientFor({ retries: 3, timeoutMs: 100 }).start());
		expect(server.requestsTo('/h5/getMobile')).toHaveLength(1);
	});
});
