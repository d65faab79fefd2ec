import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUaidClient, type UaidProgress } from '../../src/client/index.js';
import { startFakeUaidServer, type FakeUaidServer } from './support/fake-uaid-server.js';

let server: FakeUaidServer;
beforeEach(async () => {
	server = await startFakeUaidServer();
});
afterEach(async () => {
	await server.close();
});

describe('the flow', () => {
	it('signs, fetches a token and resolves with the UAID the backend validated', async () => {
		const client = createUaidClient({ signUrl: server.signUrl, validateUrl: server.validateUrl, tokenUrl: server.tokenUrl });
		const result = await client.start();
		expect(JSON.parse(server.requestsTo('/uaid/sign')[0]!.body)).toEqual({});
		expect(result).toEqual({ uaid: expect.stringMatching(/^[0-9a-f]{64}$/), traceId: expect.any(String), data: {} });
		// The report of getMobile's outcome is a beacon nothing waits for: it may arrive before or after validate.
		expect(server.requests.map((r) => r.path).filter((path) => path !== '/uaid/report')).toEqual([
			'/uaid/sign',
			'/h5/getMobile',
			'/uaid/validate',
		]);
	});

	it('posts to getMobile exactly the body the backend signed, as text/plain so no preflight is needed', async () => {
		const client = createUaidClient({ signUrl: server.signUrl, validateUrl: server.validateUrl, tokenUrl: server.tokenUrl });
		await client.start();
		const getMobile = server.requestsTo('/h5/getMobile')[0]!;
		expect(getMobile.method).toBe('POST');
		expect(getMobile.headers['content-type']).toMatch(/^text\/plain/);
		expect(getMobile.headers.cookie).toBeUndefined();
		const signRequests = server.requestsTo('/uaid/sign');
		expect(signRequests).toHaveLength(1);
		const sent = JSON.parse(getMobile.body) as Record<string, string>;
		expect(Object.keys(sent).sort()).toEqual(['appId', 'businessType', 'expandParams', 'msgId', 'sign', 'timestamp', 'traceId', 'version']);
		const validate = JSON.parse(server.requestsTo('/uaid/validate')[0]!.body) as Record<string, string>;
		expect(validate.traceId).toBe(sent.traceId);
		expect(validate.token).toMatch(/^H5HTTPS/);
	});

	it('sends the backend calls as JSON and passes expandParams to the sign endpoint', async () => {
		const client = createUaidClient({
			signUrl: server.signUrl,
			validateUrl: server.validateUrl,
			tokenUrl: server.tokenUrl,
			expandParams: { channel: 'h5' },
		});
		await client.start();
		const sign = server.requestsTo('/uaid/sign')[0]!;
		expect(sign.headers['content-type']).toMatch(/^application\/json/);
		expect(JSON.parse(sign.body)).toEqual({ expandParams: { channel: 'h5' } });
		expect(server.requestsTo('/uaid/validate')[0]!.headers['content-type']).toMatch(/^application\/json/);
	});

	it('stops after the token when validateUrl is empty', async () => {
		const tokens: unknown[] = [];
		const client = createUaidClient({
			signUrl: server.signUrl,
			validateUrl: '',
			tokenUrl: server.tokenUrl,
			onToken: (detail) => tokens.push(detail),
		});
		const result = await client.start();
		expect(result).toEqual({ token: expect.stringMatching(/^H5HTTPS/), traceId: expect.any(String) });
		expect(tokens).toEqual([result]);
		expect(server.requestsTo('/uaid/validate')).toHaveLength(0);
	});

	it('reports each step as it starts and ends, and the token before validating it', async () => {
		const seen: string[] = [];
		const client = createUaidClient({
			signUrl: server.signUrl,
			validateUrl: server.validateUrl,
			tokenUrl: server.tokenUrl,
			onProgress: (p: UaidProgress) => seen.push(`${p.stage}:${p.phase}`),
			onToken: () => seen.push('token'),
		});
		await client.start();
		expect(seen).toEqual(['sign:start', 'sign:done', 'token:start', 'token:done', 'token', 'validate:start', 'validate:done']);
	});

	it('resolves with the traceId the validate endpoint echoes', async () => {
		const client = createUaidClient({ signUrl: server.signUrl, validateUrl: server.validateUrl, tokenUrl: server.tokenUrl });
		const result = (await client.start()) as { traceId: string };
		const sent = JSON.parse(server.requestsTo('/h5/getMobile')[0]!.body) as { traceId: string };
		expect(result.traceId).toBe(sent.traceId);
	});
});
