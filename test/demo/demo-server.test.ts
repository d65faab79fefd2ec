import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startDemo, type RunningDemo } from '../../src/demo/demo-server.js';

let demo: RunningDemo | undefined;
afterEach(async () => {
	await demo?.close();
	demo = undefined;
});

interface RawAnswer {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	text: string;
}

/** A request with exactly the headers given (fetch would set Host itself and refuses to forge it). */
function raw(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<RawAnswer> {
	return new Promise((resolve, reject) => {
		const request = httpRequest(url, { method: options.method ?? 'GET', headers: options.headers ?? {} }, (response) => {
			const chunks: Buffer[] = [];
			response.on('data', (chunk: Buffer) => chunks.push(chunk));
			response.on('end', () =>
				resolve({ status: response.statusCode ?? 0, headers: response.headers, text: Buffer.concat(chunks).toString('utf8') }),
			);
		});
		request.on('error', reject);
		request.end(options.body);
	});
}

describe('the demo server refuses other sites', () => {
	it('answers only its own loopback Host names, so a rebinding page cannot read it', async () => {
		demo = await startDemo({ port: 0 });
		const port = new URL(demo.origin).port;
		for (const host of [
			'attacker.example',
			`attacker.example:${port}`,
			`127.0.0.1:${Number(port) + 1}`,
			`127.0.0.1.attacker.example:${port}`,
			`user@127.0.0.1:${port}`,
		]) {
			const answer = await raw(`${demo.origin}/__sim/log`, { headers: { host } });
			expect(answer.status, host).toBe(421);
			expect(JSON.parse(answer.text).error.code).toBe('host-not-allowed');
			expect(answer.text).not.toContain('entries');
		}
		for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]) {
			expect((await raw(`${demo.origin}/__sim/log`, { headers: { host } })).status, host).toBe(200);
		}
	});

	it('does not forward simulator controls for a page on another site', async () => {
		demo = await startDemo({ port: 0 });
		demo.simulator.setNetwork({ mode: 'wifi' });
		for (const [method, path] of [
			['POST', '/__sim/reset'],
			['GET', '/__sim/log'],
			['PUT', '/__sim/network'],
			['PUT', '/demo/backend'],
		] as const) {
			const answer = await raw(`${demo.origin}${path}`, {
				method,
				headers: { origin: 'https://attacker.example', 'content-type': 'text/plain' },
				body: method === 'GET' ? undefined : '{"mode":"cellular","down":true}',
			});
			expect(answer.status, `${method} ${path}`).toBe(403);
			expect(JSON.parse(answer.text).error.code).toBe('origin-not-allowed');
			expect(answer.headers['access-control-allow-origin']).toBeUndefined();
		}
		expect(demo.simulator.network().mode).toBe('wifi');
		expect((await fetch(`${demo.origin}/uaid/sign`, { method: 'POST', headers: { origin: demo.origin } })).status).toBe(200);
	});

	it('still lets its own page drive the simulator', async () => {
		demo = await startDemo({ port: 0 });
		demo.simulator.setNetwork({ mode: 'wifi' });
		const reset = await fetch(`${demo.origin}/__sim/reset`, { method: 'POST', headers: { origin: demo.origin } });
		expect(reset.status).toBe(204);
		expect(demo.simulator.network().mode).toBe('cellular');
		const put = await fetch(`${demo.origin}/__sim/network`, {
			method: 'PUT',
			headers: { origin: demo.origin, 'content-type': 'application/json' },
			body: '{"mode":"other-carrier"}',
		});
		expect(put.status).toBe(200);
		expect(demo.simulator.network().mode).toBe('other-carrier');
	});
});

describe('the demo server answers its own errors with stable codes', () => {
	it('a malformed %-escape is bad-request, not the text of a URIError', async () => {
		demo = await startDemo({ port: 0 });
		const answer = await fetch(`${demo.origin}/spa/%E0%A4%A`);
		const text = await answer.text();
		expect(answer.status).toBe(400);
		expect(JSON.parse(text).error.code).toBe('bad-request');
		expect(text).not.toMatch(/URI malformed|URIError/);
	});

	it('an oversized or non-JSON control body gets its code, not an exception message', async () => {
		demo = await startDemo({ port: 0 });
		const big = await fetch(`${demo.origin}/demo/backend`, { method: 'PUT', body: 'x'.repeat(20_000) });
		expect(big.status).toBe(413);
		expect((await big.json()).error).toEqual({ code: 'payload-too-large', message: expect.any(String) });
		const garbled = await fetch(`${demo.origin}/demo/backend`, { method: 'PUT', body: '{"down":' });
		const text = await garbled.text();
		expect(garbled.status).toBe(400);
		expect(JSON.parse(text).error.code).toBe('bad-request');
		expect(text).not.toMatch(/JSON at position|Unexpected end/);
	});

	it('unknown pages and wrong methods are not-found and method-not-allowed', async () => {
		demo = await startDemo({ port: 0 });
		const missing = await fetch(`${demo.origin}/nothing-here`);
		expect(missing.status).toBe(404);
		expect((await missing.json()).error.code).toBe('not-found');
		const wrong = await fetch(`${demo.origin}/`, { method: 'DELETE' });
		expect(wrong.status).toBe(405);
		expect((await wrong.json()).error.code).toBe('method-not-allowed');
	});
});

describe('the demo backend’s coverage follows the simulator’s network mode', () => {
	it('answers what an IP database would say of each mode, as the page’s own control sets it', async () => {
		demo = await startDemo({ port: 0 });
		const carrierIn = async (mode: string, carrier?: string): Promise<unknown> => {
			const put = await fetch(`${demo!.origin}/__sim/network`, {
				method: 'PUT',
				headers: { origin: demo!.origin, 'content-type': 'application/json' },
				body: JSON.stringify({ mode, carrier }),
			});
			expect(put.status).toBe(200);
			const answer = await fetch(`${demo!.origin}/uaid/coverage`, { headers: { origin: demo!.origin } });
			expect(answer.status).toBe(200);
			return ((await answer.json()) as { carrier: unknown }).carrier;
		};
		expect(await carrierIn('cellular')).toBe('china-mobile');
		expect(await carrierIn('other-carrier')).toBe('china-unicom');
		expect(await carrierIn('other-carrier', 'china-telecom')).toBe('china-telecom');
		expect(await carrierIn('wifi')).toBe('unknown');
		expect(await carrierIn('cellular-no-number')).toBe('china-mobile');
		expect(await carrierIn('blacklisted')).toBe('china-mobile');
		// The backend-down switch cuts coverage with the other endpoints.
		demo.setBackendDown(true);
		await expect(fetch(`${demo.origin}/uaid/coverage`, { headers: { origin: demo.origin } })).rejects.toThrow();
	});
});
