import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/index.js';
import {
	closeServer,
	listen,
	postJson,
	signAndGetToken,
	startAnswerLosingProxy,
	startKit,
	startTestSimulator,
	type RunningKit,
} from './support.js';
import { createServer as createHttpServer } from 'node:http';
import { freePort } from '../../tools/children.js';

describe('platform faults: timeouts, garbled answers, lost answers, unreachable', () => {
	let simulator: RunningSimulator;
	let kit: RunningKit;

	beforeAll(async () => {
		simulator = await startTestSimulator();
		kit = await startKit({ validateUrl: simulator.validateUrl, timeoutMs: 300 });
	});
	afterAll(async () => {
		await kit?.close();
		await simulator?.close();
	});

	it('a platform slower than timeoutMs is timeout (504), not retried', async () => {
		const { signed, token } = await signAndGetToken(kit.url, simulator);
		simulator.setFaults({ imeiTokenValidate: { latencyMs: 2000, count: 1 } });
		const { status, json } = await postJson(`${kit.url}/uaid/validate`, { token, traceId: signed.traceId });
		expect(status).toBe(504);
		expect(json.error).toMatchObject({ code: 'timeout', retryable: true });
		expect(kit.logs.filter((e) => e.stage === 'platform' && e.traceId === signed.traceId).map((e) => e.outcome)).toEqual(['timeout']);
	});

	it('a garbled 200 answer is platform-error (502), retryable', async () => {
		const { signed, token } = await signAndGetToken(kit.url, simulator);
		simulator.setFaults({ imeiTokenValidate: { garbled: true, count: 1 } });
		const { status, json } = await postJson(`${kit.url}/uaid/validate`, { token, traceId: signed.traceId });
		expect(status).toBe(502);
		expect(json.error).toMatchObject({ code: 'platform-error', retryable: true });
		expect(json.error.platformCode).toBeUndefined();
	});

	it('an HTML error page from a gateway is platform-error naming the HTTP status', async () => {
		const { signed, token } = await signAndGetToken(kit.url, simulator);
		simulator.setFaults({ imeiTokenValidate: { httpStatus: 503, count: 1 } });
		const { status, json } = await postJson(`${kit.url}/uaid/validate`, { token, traceId: signed.traceId });
		expect(status).toBe(502);
		expect(json.error.code).toBe('platform-error');
		expect(json.error.message).toContain('503');
	});

	it('a dropped connection before the platform handled the token is retried, and the retry succeeds', async () => {
		const { signed, token } = await signAndGetToken(kit.url, simulator);
		simulator.setFaults({ imeiTokenValidate: { drop: true, count: 1 } });
		const { status, json } = await postJson(`${kit.url}/uaid/validate`, { token, traceId: signed.traceId });
		expect(status).toBe(200);
		expect(json.uaid).toBe(simulator.uaidFor('300011580392', '13800138000'));
		expect(kit.logs.filter((e) => e.stage === 'platform' && e.traceId === signed.traceId).map((e) => e.outcome)).toEqual([
			'lost',
			'answered',
		]);
	});

	it('an answer lost after the platform consumed the token is validate-outcome-unknown, not success and not a generic error', async () => {
		const proxy = await startAnswerLosingProxy(simulator.url, 1);
		const lossy = await startKit({ validateUrl: `${proxy.url}/NumberAbility/h5/imeiTokenValidate.htm` });
		try {
			const { signed, token } = await signAndGetToken(lossy.url, simulator);
			const { status, json } = await postJson(`${lossy.url}/uaid/validate`, { token, traceId: signed.traceId });
			expect(proxy.forwarded).toBe(2);
			expect(status).toBe(502);
			expect(json.error).toMatchObject({ code: 'validate-outcome-unknown', platformCode: '120009', retryable: true });
			expect(json.error.message).toContain('lost');
		} finally {
			await lossy.close();
			await proxy.close();
		}
	});

	it('with retries: 0 a lost answer is platform-unreachable', async () => {
		const noRetry = await startKit({ validateUrl: simulator.validateUrl, retries: 0 });
		try {
			const { signed, token } = await signAndGetToken(noRetry.url, simulator);
			simulator.setFaults({ imeiTokenValidate: { drop: true, count: 1 } });
			const { status, json } = await postJson(`${noRetry.url}/uaid/validate`, { token, traceId: signed.traceId });
			expect(status).toBe(502);
			expect(json.error).toMatchObject({ code: 'platform-unreachable', retryable: true });
		} finally {
			await noRetry.close();
		}
	});

	it('a platform nobody listens on is platform-unreachable after the retries', async () => {
		// A port that was free a moment ago: nothing listens on it.
		const port = await freePort();
		const dead = await startKit({ validateUrl: `http://127.0.0.1:${port}/NumberAbility/h5/imeiTokenValidate.htm`, retries: 2 });
		try {
			const sign = await postJson(`${dead.url}/uaid/sign`, {});
			const { status, json } = await postJson(`${dead.url}/uaid/validate`, {
				token: 'H5HTTPS0123456789ABCDEF0123456789ABCDEF',
				traceId: sign.json.traceId,
			});
			expect(status).toBe(502);
			expect(json.error).toMatchObject({ code: 'platform-unreachable', retryable: true });
			expect(json.error.message).toContain('ECONNREFUSED');
			expect(dead.logs.filter((e) => e.stage === 'platform').map((e) => e.outcome)).toEqual(['not-sent', 'not-sent', 'not-sent']);
		} finally {
			await dead.close();
		}
	});

	it('a platform that redirects is not followed (the token would go elsewhere)', async () => {
		const redirecting = createHttpServer((req, res) => {
			req.resume();
			res.writeHead(302, { location: 'http://127.0.0.1:9/steal' });
			res.end();
		});
		const url = await listen(redirecting);
		const other = await startKit({ validateUrl: url, retries: 0 });
		try {
			const sign = await postJson(`${other.url}/uaid/sign`, {});
			const { status, json } = await postJson(`${other.url}/uaid/validate`, {
				token: 'H5HTTPS0123456789ABCDEF0123456789ABCDEF',
				traceId: sign.json.traceId,
			});
			expect(status).toBe(502);
			expect(json.error.code).toBe('platform-error');
			expect(json.error.message).toContain('302');
		} finally {
			await other.close();
			await closeServer(redirecting);
		}
	});
});
