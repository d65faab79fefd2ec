import { afterEach, describe, expect, it } from 'vitest';
import { closeAll, fetchToken, simulator } from './support.js';

afterEach(closeAll);

const FOREIGN = 'https://attacker.example';

describe('who may use the admin API', () => {
	it('refuses a page on another site with 403 and no CORS grant, for reads and changes alike', async () => {
		const sim = await simulator();
		await fetchToken(sim);
		for (const [method, path, body] of [
			['GET', 'log', undefined],
			['GET', 'config', undefined],
			['PUT', 'network', '{"mode":"wifi"}'],
			['PUT', 'faults', '{"getMobile":{"drop":true}}'],
			['DELETE', 'apps/300011580392', undefined],
			['POST', 'reset', undefined],
		] as const) {
			const response = await fetch(`${sim.url}/__sim/${path}`, {
				method,
				headers: { Origin: FOREIGN, 'Content-Type': 'application/json' },
				...(body ? { body } : {}),
			});
			expect(response.status, `${method} ${path}`).toBe(403);
			expect(response.headers.get('access-control-allow-origin'), `${method} ${path}`).toBeNull();
			expect((await response.json()).error.code).toBe('origin-not-allowed');
		}
		expect(sim.network().mode).toBe('cellular');
		expect(sim.faults()).toEqual({});
		expect(sim.health()).toMatchObject({ apps: 1, tokens: 1 });
		expect(sim.log()).toHaveLength(1);
	});

	it('refuses a foreign preflight, so the browser never sends the PUT', async () => {
		const sim = await simulator();
		const response = await fetch(`${sim.url}/__sim/network`, {
			method: 'OPTIONS',
			headers: { Origin: FOREIGN, 'Access-Control-Request-Method': 'PUT' },
		});
		expect(response.status).toBe(403);
		expect(response.headers.get('access-control-allow-origin')).toBeNull();
		expect(response.headers.get('access-control-allow-methods')).toBeNull();
	});

	it('refuses the opaque origin of a sandboxed frame or data: page, and look-alikes of loopback', async () => {
		const sim = await simulator();
		for (const origin of [
			'null',
			'http://127.0.0.1.attacker.example',
			'http://localhost.attacker.example:80',
			'https://127.0.0.1:5173',
			'http://127.0.0.2:5173',
			'http://127.0.0.1:5173/path',
		]) {
			const response = await fetch(`${sim.url}/__sim/log`, { headers: { Origin: origin } });
			expect(response.status, origin).toBe(403);
		}
	});

	it('answers loopback pages with their own origin, never *', async () => {
		const sim = await simulator();
		for (const origin of ['http://127.0.0.1:5173', 'http://localhost:5180', 'http://[::1]:8080', 'http://localhost']) {
			const response = await fetch(`${sim.url}/__sim/health`, { headers: { Origin: origin } });
			expect(response.status, origin).toBe(200);
			expect(response.headers.get('access-control-allow-origin'), origin).toBe(origin);
			expect(response.headers.get('vary')).toContain('Origin');
		}
	});

	it('answers requests without an Origin (curl, tests, the CLI) with no CORS headers', async () => {
		const sim = await simulator();
		const response = await fetch(`${sim.url}/__sim/health`);
		expect(response.status).toBe(200);
		expect(response.headers.get('access-control-allow-origin')).toBeNull();
	});

	it('adminOrigins widens the list to exactly the origins it names', async () => {
		const sim = await simulator({ config: { adminOrigins: ['http://192.168.1.20:5180'] } });
		const allowed = await fetch(`${sim.url}/__sim/network`, {
			method: 'PUT',
			headers: { Origin: 'http://192.168.1.20:5180', 'Content-Type': 'application/json' },
			body: '{"mode":"wifi"}',
		});
		expect(allowed.status).toBe(200);
		expect(allowed.headers.get('access-control-allow-origin')).toBe('http://192.168.1.20:5180');
		expect((await fetch(`${sim.url}/__sim/log`, { headers: { Origin: 'http://192.168.1.20:5181' } })).status).toBe(403);
	});

	it('refuses an adminOrigins entry that is not an origin, naming it', async () => {
		await expect(simulator({ config: { adminOrigins: ['http://192.168.1.20:5180/'] } })).rejects.toMatchObject({
			name: 'SimulatorConfigError',
			field: 'adminOrigins[0]',
		});
		await expect(simulator({ config: { adminOrigins: ['*'] } })).rejects.toMatchObject({ field: 'adminOrigins[0]' });
	});
});

describe('admin changes need a JSON content type', () => {
	it('refuses a text/plain body (what a page can send without a preflight) with 415, changing nothing', async () => {
		const sim = await simulator();
		for (const [method, path, body] of [
			['PUT', 'network', '{"mode":"wifi"}'],
			['PUT', 'faults', '{"getMobile":{"drop":true}}'],
			['POST', 'apps', '{"appId":"1","appKey":"k"}'],
			['POST', 'reset', ''],
		] as const) {
			const response = await fetch(`${sim.url}/__sim/${path}`, { method, headers: { 'Content-Type': 'text/plain;charset=UTF-8' }, body });
			expect(response.status, `${method} ${path}`).toBe(415);
			expect((await response.json()).error.code).toBe('unsupported-media-type');
		}
		expect(sim.network().mode).toBe('cellular');
		expect(sim.faults()).toEqual({});
		expect(sim.health().apps).toBe(1);
	});

	it('accepts application/json with a charset parameter', async () => {
		const sim = await simulator();
		const response = await fetch(`${sim.url}/__sim/network`, {
			method: 'PUT',
			headers: { 'Content-Type': 'application/json; charset=utf-8' },
			body: '{"mode":"wifi"}',
		});
		expect(response.status).toBe(200);
		expect(sim.network().mode).toBe('wifi');
	});
});
