import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/index.js';
import { PAGE_ORIGIN, postJson, signAndGetToken, startKit, startTestSimulator, type RunningKit } from './support.js';

/** Asserts the documented error JSON: the stable code, a message, no stack trace. */
function expectError(result: { status: number; json: any; text: string }, status: number, code: string): void {
	expect(result.status).toBe(status);
	expect(result.json).toEqual({ error: { code, message: expect.any(String), retryable: expect.any(Boolean) } });
	expect(result.text).not.toMatch(/\bat .+\.(ts|js):\d+/);
}

describe('bad input gets a 4xx with a stable code, never a 500 or a stack trace', () => {
	let simulator: RunningSimulator;
	let kit: RunningKit;

	beforeAll(async () => {
		simulator = await startTestSimulator();
		kit = await startKit({ validateUrl: simulator.validateUrl, allowedExpandParams: ['channel'] });
	});
	afterAll(async () => {
		await kit?.close();
		await simulator?.close();
	});

	const validate = (body: unknown, headers?: Record<string, string>) => postJson(`${kit.url}/uaid/validate`, body, headers);

	it.each([
		['non-JSON', 'token=abc&traceId=def'],
		['truncated JSON', '{"token": "H5HTTPS'],
		['a JSON array', '[1, 2]'],
		['a JSON string', '"H5HTTPS0123"'],
		['null', 'null'],
		['an empty body', ''],
	])('validate with %s is bad-request', async (_name, body) => {
		expectError(await validate(body), 400, 'bad-request');
	});

	it.each([
		['token missing', { traceId: 'abcdefghijklmnopqrstuvwxyz012345' }],
		['traceId missing', { token: 'H5HTTPS0123456789ABCDEF0123456789ABCDEF' }],
		['token a number', { token: 12345, traceId: 'abcdefghijklmnopqrstuvwxyz012345' }],
		['traceId an object', { token: 'H5HTTPS0123456789ABCDEF0123456789ABCDEF', traceId: { $gt: '' } }],
		['token empty', { token: '', traceId: 'abcdefghijklmnopqrstuvwxyz012345' }],
		['token with spaces', { token: 'H5HTTPS 0123', traceId: 'abcdefghijklmnopqrstuvwxyz012345' }],
		['traceId with a slash', { token: 'H5HTTPS0123456789ABCDEF0123456789ABCDEF', traceId: '../etc/passwd' }],
	])('validate with %s is bad-request', async (_name, body) => {
		expectError(await validate(body), 400, 'bad-request');
	});

	it('invalid UTF-8 is bad-request', async () => {
		const response = await fetch(`${kit.url}/uaid/validate`, {
			method: 'POST',
			body: new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
		});
		expectError({ status: response.status, text: await response.clone().text(), json: await response.json() }, 400, 'bad-request');
	});

	it('a malformed validate request does not burn the traceId', async () => {
		const { signed, token } = await signAndGetToken(kit.url, simulator);
		expectError(await validate({ token: 42, traceId: signed.traceId }), 400, 'bad-request');
		expectError(await validate({ token: 'has spaces in it', traceId: signed.traceId }), 400, 'bad-request');
		expectError(await validate(`{"token":"${token}","traceId":"${signed.traceId}"`), 400, 'bad-request');
		const ok = await validate({ token, traceId: signed.traceId });
		expect(ok.status).toBe(200);
	});

	it('an oversized body is payload-too-large, whether announced or streamed', async () => {
		const big = JSON.stringify({ token: `H5HTTPS${'A'.repeat(100_000)}`, traceId: 'abcdefghijklmnopqrstuvwxyz012345' });
		expectError(await validate(big), 413, 'payload-too-large');
		// Without Content-Length (chunked), the limit is enforced while reading.
		const chunked = await new Promise<{ status: number; text: string }>((resolve, reject) => {
			const req = httpRequest(
				`${kit.url}/uaid/validate`,
				{ method: 'POST', headers: { 'transfer-encoding': 'chunked', origin: PAGE_ORIGIN } },
				(res) => {
					let text = '';
					res.on('data', (chunk: Buffer) => (text += chunk.toString()));
					res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
				},
			);
			req.on('error', reject);
			for (let i = 0; i < 20; i++) req.write('x'.repeat(1024));
			req.end();
		});
		expectError({ ...chunked, json: JSON.parse(chunked.text) }, 413, 'payload-too-large');
	});

	it.each(['GET', 'PUT', 'DELETE', 'PATCH'])('%s on an endpoint is method-not-allowed with an Allow header', async (method) => {
		const response = await fetch(`${kit.url}/uaid/sign`, { method, headers: { origin: PAGE_ORIGIN } });
		const text = await response.text();
		expectError({ status: response.status, text, json: JSON.parse(text) }, 405, 'method-not-allowed');
		expect(response.headers.get('allow')).toBe('POST, OPTIONS');
	});

	it.each(['TRACE'])('%s, a method the Fetch API itself refuses, is still method-not-allowed', async (method) => {
		const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
			const req = httpRequest(`${kit.url}/uaid/sign`, { method }, (res) => {
				let body = '';
				res.on('data', (chunk: Buffer) => (body += chunk.toString()));
				res.on('end', () => resolve({ status: res.statusCode ?? 0, text: body }));
			});
			req.on('error', reject);
			req.end();
		});
		expectError({ status, text, json: JSON.parse(text) }, 405, 'method-not-allowed');
	});

	it.each(['/uaid', '/uaid/', '/uaid/signx', '/uaid/sign/extra', '/other', '/'])('POST %s is not-found', async (path) => {
		expectError(await postJson(`${kit.url}${path}`, {}), 404, 'not-found');
	});

	it.each([
		['a JSON array', '[]'],
		['expandParams not an object', { expandParams: 'channel=h5' }],
		['an expandParams key outside the allow-list', { expandParams: { appId: 'other' } }],
		['an expandParams value that is not a string', { expandParams: { channel: 1 } }],
		['an overlong expandParams value', { expandParams: { channel: 'x'.repeat(300) } }],
		['non-JSON', 'hello'],
	])('sign with %s is bad-request', async (_name, body) => {
		expectError(await postJson(`${kit.url}/uaid/sign`, body), 400, 'bad-request');
	});

	it('sign encodes allow-listed expandParams into the signed body', async () => {
		const { status, json } = await postJson(`${kit.url}/uaid/sign`, { expandParams: { channel: 'h5|商城' } });
		expect(status).toBe(200);
		expect(decodeURIComponent(json.expandParams)).toBe('channel=h5%7C商城');
	});
});
