/**
 * `cmcc-uaid serve` as a separate process in front of the simulator: the session cookie after a
 * successful validate, its JWT verified against the service's own JWKS, and the operations routes.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/index.js';
import { startTestSimulator } from '../server/support.js';
import { configDir, killLeftovers, serveConfig, signInFlow, startServe, type ServeProcess } from './support.js';

let simulator: RunningSimulator;
let dir: string;
let serve: ServeProcess & { url: string };
const LOOPBACK_PAGE = 'http://127.0.0.1:5173';

beforeAll(async () => {
	simulator = await startTestSimulator();
	dir = await configDir();
	serve = await startServe(
		dir,
		serveConfig(simulator.validateUrl, {
			kit: { ...(serveConfig(simulator.validateUrl).kit as object), allowedOrigins: ['http://page.test:5173', LOOPBACK_PAGE] },
		}),
	);
}, 30_000);

afterAll(async () => {
	serve?.child.kill('SIGTERM');
	await serve?.exit;
	await simulator?.close();
});
afterAll(killLeftovers);

describe('cmcc-uaid serve: the session', () => {
	it('answers a successful validate without the UAID and sets an HttpOnly, SameSite=Lax, Secure cookie', async () => {
		const flow = await signInFlow(serve.url, simulator);
		expect(flow.status).toBe(200);
		expect(flow.json).toEqual({ traceId: flow.traceId });
		expect(flow.setCookie.split('; ').slice(1)).toEqual(['Max-Age=600', 'Path=/', 'HttpOnly', 'SameSite=Lax', 'Secure']);
	});

	it('puts a JWT in the cookie that verifies against GET /.well-known/jwks.json: sub the UAID, iss, aud, iat, exp = iat + ttlSeconds, jti the traceId', async () => {
		const flow = await signInFlow(serve.url, simulator);
		const jwks = createRemoteJWKSet(new URL(`${serve.url}/.well-known/jwks.json`));
		const { payload, protectedHeader } = await jwtVerify(flow.jwt, jwks, {
			issuer: 'https://m.example.test/uaid',
			audience: 'shop-backend',
			algorithms: ['ES256'],
		});
		expect(protectedHeader).toMatchObject({ alg: 'ES256', typ: 'JWT' });
		expect(payload.sub).toMatch(/^[0-9a-f]{64}$/);
		expect(payload.jti).toBe(flow.traceId);
		expect(payload.exp! - payload.iat!).toBe(600);
		const keys = (await (await fetch(`${serve.url}/.well-known/jwks.json`)).json()) as {
			keys: { kid: string; kty: string; crv: string; use: string; d?: string }[];
		};
		expect(keys.keys).toHaveLength(1);
		expect(keys.keys[0]).toMatchObject({ kid: protectedHeader.kid, kty: 'EC', crv: 'P-256', use: 'sig', alg: 'ES256' });
		expect(keys.keys[0]!.d, 'the private part is never published').toBeUndefined();
	});

	it('leaves Secure out only for a page on plain-HTTP loopback', async () => {
		const flow = await signInFlow(serve.url, simulator, LOOPBACK_PAGE);
		expect(flow.status).toBe(200);
		expect(flow.setCookie).toContain('HttpOnly');
		expect(flow.setCookie).not.toContain('Secure');
	});

	it('sets no cookie when validate fails', async () => {
		const answer = await fetch(`${serve.url}/uaid/validate`, {
			method: 'POST',
			headers: { origin: 'http://page.test:5173', 'content-type': 'application/json' },
			body: JSON.stringify({ token: `H5HTTPS${'0'.repeat(32)}`, traceId: 'f'.repeat(32) }),
		});
		expect(answer.status).toBeGreaterThanOrEqual(400);
		expect(answer.headers.get('set-cookie')).toBeNull();
	});

	it('made the signing key it was told to generate, mode 0600, and signs with it after a restart (same kid)', async () => {
		const file = await stat(join(dir, 'session-key.pem'));
		expect(file.mode & 0o777).toBe(0o600);
		const before = decodeProtectedHeader((await signInFlow(serve.url, simulator)).jwt).kid;
		const again = await startServe(dir, serveConfig(simulator.validateUrl));
		const after = decodeProtectedHeader((await signInFlow(again.url, simulator)).jwt).kid;
		again.child.kill('SIGTERM');
		expect(await again.exit).toBe(0);
		expect(after).toBe(before);
		expect(serve.lines.some((line) => line.msg === 'generated a new session signing key; give every instance this same file')).toBe(true);
		expect(again.lines.some((line) => typeof line.msg === 'string' && line.msg.startsWith('generated'))).toBe(false);
	}, 30_000);
});

describe('cmcc-uaid serve: operations', () => {
	it('answers GET /healthz and GET /readyz (the memory store is always ready)', async () => {
		const health = await fetch(`${serve.url}/healthz`);
		expect([health.status, await health.json()]).toEqual([200, { status: 'ok' }]);
		const ready = await fetch(`${serve.url}/readyz`);
		expect([ready.status, await ready.json()]).toEqual([200, { status: 'ready', store: 'memory' }]);
	});

	it("logs JSON lines through pino, the kit's own events included, and never the UAID", async () => {
		const flow = await signInFlow(serve.url, simulator);
		const { payload } = await jwtVerify(flow.jwt, createRemoteJWKSet(new URL(`${serve.url}/.well-known/jwks.json`)));
		const validated = await serve.line(
			(line) => line.component === 'kit' && line.stage === 'validate' && line.status === 200 && line.traceId === flow.traceId,
		);
		expect(validated).toMatchObject({ level: 30, service: 'cmcc-uaid-serve' });
		expect(JSON.stringify(serve.lines)).not.toContain(payload.sub);
	});

	it('lets the kit answer everything else (the sign endpoint, a 404 as JSON)', async () => {
		const missing = await fetch(`${serve.url}/nothing-here`);
		expect(missing.status).toBe(404);
		expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('not-found');
	});
});
