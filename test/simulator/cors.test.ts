import { afterEach, describe, expect, it } from 'vitest';
import { closeAll, code, getMobile, signedGetMobile, simulator } from './support.js';

afterEach(closeAll);

const ORIGIN = 'https://m.example.com';

describe('getMobile CORS', () => {
	it('answers a preflight with the request Origin, POST and the asked-for headers, and logs it', async () => {
		const sim = await simulator();
		const response = await fetch(sim.getMobileUrl, {
			method: 'OPTIONS',
			headers: { Origin: ORIGIN, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
		});
		expect(response.status).toBe(204);
		expect(response.headers.get('access-control-allow-origin')).toBe(ORIGIN);
		expect(response.headers.get('access-control-allow-methods')).toContain('POST');
		expect(response.headers.get('access-control-allow-headers')).toBe('content-type');
		expect(response.headers.get('vary')).toContain('Origin');
		expect(sim.log()).toEqual([
			expect.objectContaining({ endpoint: 'getMobile', method: 'OPTIONS', preflight: true, origin: ORIGIN, status: 204 }),
		]);
	});

	it('echoes the Origin on the POST answer, and a text/plain POST leaves no preflight in the log', async () => {
		const sim = await simulator();
		const answer = await getMobile(sim, JSON.stringify(signedGetMobile()), { Origin: ORIGIN, 'Content-Type': 'text/plain;charset=UTF-8' });
		expect(code(answer)).toBe('103000');
		expect(answer.headers.get('access-control-allow-origin')).toBe(ORIGIN);
		expect(answer.headers.get('vary')).toBe('Origin');
		expect(sim.log().filter((e) => e.preflight)).toEqual([]);
		expect(sim.log()[0]).toMatchObject({ origin: ORIGIN, contentType: 'text/plain;charset=UTF-8', preflight: false });
	});

	it('sends no Access-Control-Allow-Origin without an Origin', async () => {
		const sim = await simulator();
		const answer = await getMobile(sim);
		expect(answer.headers.get('access-control-allow-origin')).toBeNull();
	});

	it('parses the body as JSON whatever the Content-Type says', async () => {
		const sim = await simulator();
		for (const type of ['application/json', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'application/octet-stream']) {
			expect(code(await getMobile(sim, JSON.stringify(signedGetMobile()), { 'Content-Type': type }))).toBe('103000');
		}
		expect(code(await getMobile(sim, new TextEncoder().encode(JSON.stringify(signedGetMobile()))))).toBe('103000');
	});

	it('puts the CORS header on error answers too, so the page can read the code', async () => {
		const sim = await simulator();
		sim.setNetwork({ mode: 'wifi' });
		const answer = await getMobile(sim, signedGetMobile(), { Origin: ORIGIN });
		expect(code(answer)).toBe('103111');
		expect(answer.headers.get('access-control-allow-origin')).toBe(ORIGIN);
	});

	it('imeiTokenValidate, a server-to-server call, answers no preflight', async () => {
		const sim = await simulator();
		const response = await fetch(sim.validateUrl, {
			method: 'OPTIONS',
			headers: { Origin: ORIGIN, 'Access-Control-Request-Method': 'POST' },
		});
		expect(response.status).toBe(405);
		expect(response.headers.get('allow')).toBe('POST');
		expect(response.headers.get('access-control-allow-origin')).toBeNull();
	});
});
