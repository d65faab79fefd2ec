import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { closeAll, code, fetchToken, getMobile, post, signedGetMobile, simulator, validateBody } from './support.js';

afterEach(closeAll);

const noStack = (text: string): void => {
	expect(text).not.toMatch(/\bat .+\(.+:\d+:\d+\)|node:internal|Error:/);
};

describe('bad input', () => {
	it('answers a body over the limit with 413 JSON, and keeps serving', async () => {
		const sim = await simulator({ maxBodyBytes: 1024 });
		const answer = await getMobile(sim, JSON.stringify({ ...signedGetMobile(), expandParams: 'x'.repeat(2000) }));
		expect(answer.status).toBe(413);
		expect(answer.json).toEqual({ error: { code: 'payload-too-large', message: expect.any(String) } });
		expect(code(await getMobile(sim))).toBe('103000');
	});

	it('limits bodies to 64 KiB by default', async () => {
		const sim = await simulator();
		expect((await getMobile(sim, JSON.stringify({ ...signedGetMobile(), expandParams: 'x'.repeat(60_000) }))).status).toBe(200);
		expect((await getMobile(sim, JSON.stringify({ ...signedGetMobile(), expandParams: 'x'.repeat(70_000) }))).status).toBe(413);
	});

	it('counts the limit on streamed bodies without Content-Length too', async () => {
		const sim = await simulator({ maxBodyBytes: 1024 });
		const status = await new Promise<number>((resolve, reject) => {
			const req = httpRequest(sim.getMobileUrl, { method: 'POST', headers: { 'Transfer-Encoding': 'chunked' } }, (res) => {
				res.resume();
				resolve(res.statusCode ?? 0);
			});
			req.on('error', reject);
			req.write('x'.repeat(800));
			req.end('y'.repeat(800));
		});
		expect(status).toBe(413);
	});

	it('answers invalid UTF-8 with 130032 on both endpoints', async () => {
		const sim = await simulator();
		const bytes = new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]);
		expect(code(await post(sim.getMobileUrl, bytes))).toBe('130032');
		expect(code(await post(sim.validateUrl, bytes))).toBe('130032');
	});

	it('answers a number where a string belongs with 130032', async () => {
		const sim = await simulator();
		expect(code(await getMobile(sim, { ...signedGetMobile(), appId: 300011580392 }))).toBe('130032');
		expect(code(await getMobile(sim, { ...signedGetMobile(), expandParams: { a: 1 } }))).toBe('130032');
		const body = await validateBody(await fetchToken(sim));
		expect(code(await post(sim.validateUrl, { ...body, header: { ...body.header, timestamp: 20260101000000000 } }))).toBe('130032');
		expect(code(await post(sim.validateUrl, { ...body, body: 'token' }))).toBe('130032');
	});

	it('answers JSON that is not an object (array, string, null) with 130032', async () => {
		const sim = await simulator();
		for (const text of ['[]', '"text"', 'null', '42', '']) {
			expect(code(await post(sim.getMobileUrl, text))).toBe('130032');
			expect(code(await post(sim.validateUrl, text))).toBe('130032');
		}
	});

	it('answers an empty string or null field as missing (130010)', async () => {
		const sim = await simulator();
		expect((await getMobile(sim, { ...signedGetMobile(), msgId: '' })).json.body.resultDesc).toBe('参数为空-msgId is empty');
		expect((await getMobile(sim, { ...signedGetMobile(), timestamp: null })).json.body.resultDesc).toBe('参数为空-timestamp is empty');
		expect(code(await post(sim.validateUrl, { header: null, body: {} }))).toBe('130010');
	});

	it('reports the first missing getMobile field in the guide order (appId before msgId)', async () => {
		const sim = await simulator();
		expect((await getMobile(sim, { version: '1.0' })).json.body.resultDesc).toBe('参数为空-appId is empty');
	});

	it('answers unknown paths with 404 JSON', async () => {
		const sim = await simulator();
		for (const path of ['/', '/h5/getMobile/', '/NumberAbility/h5/imeiTokenValidate', '/__sim/nothing', '/%zz']) {
			const response = await fetch(`${sim.url}${path}`);
			expect(response.status, path).toBe(404);
			const text = await response.text();
			expect(JSON.parse(text).error.code).toBe('not-found');
			noStack(text);
		}
	});

	it('answers wrong methods with 405 JSON and Allow', async () => {
		const sim = await simulator();
		const get = await fetch(sim.getMobileUrl);
		expect(get.status).toBe(405);
		expect(get.headers.get('allow')).toBe('POST, OPTIONS');
		expect((await get.json()).error.code).toBe('method-not-allowed');
		const put = await fetch(sim.validateUrl, { method: 'PUT', body: '{}' });
		expect(put.status).toBe(405);
		expect(put.headers.get('allow')).toBe('POST');
		const admin = await fetch(`${sim.url}/__sim/reset`);
		expect(admin.status).toBe(405);
		expect(admin.headers.get('allow')).toBe('POST');
	});

	it('survives a client that disconnects mid-body, and garbage on the socket', async () => {
		const sim = await simulator();
		await new Promise<void>((resolve) => {
			const req = httpRequest(sim.getMobileUrl, { method: 'POST', headers: { 'Content-Length': '1000' } });
			req.on('error', () => resolve());
			req.write('{"appId":');
			setTimeout(() => {
				req.destroy();
				resolve();
			}, 20);
		});
		const net = await import('node:net');
		await new Promise<void>((resolve) => {
			const socket = net.connect(sim.port, '127.0.0.1', () => socket.write('NOT HTTP AT ALL\r\n\r\n'));
			socket.on('data', () => undefined);
			socket.on('close', () => resolve());
			socket.on('error', () => resolve());
		});
		expect(code(await getMobile(sim))).toBe('103000');
	});

	it('never puts a stack trace in an answer', async () => {
		const sim = await simulator();
		const answers = [
			await post(sim.getMobileUrl, '{'),
			await post(sim.validateUrl, '{"header":{},"body":{}}'),
			await post(`${sim.url}/__sim/network`, 'x'),
		];
		for (const answer of answers) noStack(answer.text);
	});
});

describe('strings without a UTF-8 form', () => {
	it('a lone surrogate in a signed getMobile field is a sign mismatch (130018), not a platform fault', async () => {
		const sim = await simulator();
		const body = JSON.stringify(signedGetMobile()).replace(/"traceId":"[^"]*"/, '"traceId":"\\ud800"');
		expect(code(await getMobile(sim, body))).toBe('130018');
	});

	it('a lone surrogate in a validate field is a signature mismatch (130018)', async () => {
		const sim = await simulator();
		const body = await validateBody(await fetchToken(sim));
		const text = JSON.stringify(body).replace(/"msgId":"[^"]*"/, '"msgId":"\\udfff"');
		expect(code(await post(sim.validateUrl, text))).toBe('130018');
	});
});
