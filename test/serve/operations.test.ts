/**
 * `cmcc-uaid serve` as an operator runs it: SIGTERM drains, the JWKS keeps an earlier key during a
 * rotation, and with Redis two instances share one store and readiness follows Redis.
 */
import { generateKeyPairSync } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { calculateJwkThumbprint, createRemoteJWKSet, exportJWK, jwtVerify, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/index.js';
import { startRedis } from '../../tools/children.js';
import { closeServer, listen, postJson, signAndGetToken, startTestSimulator } from '../server/support.js';
import { configDir, killLeftovers, serveConfig, signInFlow, startServe } from './support.js';

let simulator: RunningSimulator;
beforeAll(async () => {
	simulator = await startTestSimulator();
});
afterAll(async () => {
	killLeftovers();
	await simulator?.close();
});

/** A platform in front of the simulator that holds each validate call until `release()`; `held` resolves when one arrives. */
async function startHoldingPlatform(
	target: string,
): Promise<{ url: string; held: Promise<void>; release(): void; close(): Promise<void> }> {
	let arrived!: () => void;
	let release!: () => void;
	const held = new Promise<void>((resolve) => (arrived = resolve));
	const released = new Promise<void>((resolve) => (release = resolve));
	const server = createServer((req: IncomingMessage, res: ServerResponse) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			arrived();
			void released.then(async () => {
				const answer = await fetch(target, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: Buffer.concat(chunks),
				});
				res.writeHead(answer.status, { 'content-type': 'application/json' }).end(await answer.text());
			});
		});
	});
	const url = await listen(server);
	return { url, held, release, close: () => closeServer(server) };
}

const refusesConnections = (url: string): Promise<string> =>
	new Promise((resolve) => {
		const { hostname, port } = new URL(url);
		const socket = connect(Number(port), hostname);
		socket.once('connect', () => (socket.destroy(), resolve('connected')));
		socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
	});

describe('cmcc-uaid serve on SIGTERM', () => {
	it('stops accepting, lets the validate in flight finish with its cookie, and exits 0', async () => {
		const platform = await startHoldingPlatform(simulator.validateUrl);
		const serve = await startServe(await configDir(), serveConfig(platform.url));
		const { signed, token } = await signAndGetToken(serve.url, simulator);
		const inFlight = postJson(`${serve.url}/uaid/validate`, { token, traceId: signed.traceId });
		await platform.held;
		serve.child.kill('SIGTERM');
		await serve.line((line) => typeof line.msg === 'string' && line.msg.startsWith('draining'));
		expect(await refusesConnections(serve.url)).toBe('ECONNREFUSED');
		platform.release();
		const answer = await inFlight;
		expect(answer.status).toBe(200);
		expect(answer.headers.get('set-cookie')).toMatch(/^uaid_session=ey/);
		expect(await serve.exit).toBe(0);
		expect(serve.lines.at(-1)?.msg).toBe('stopped');
		await platform.close();
	}, 30_000);
});

describe('cmcc-uaid serve during a key rotation', () => {
	it('lists the previous key in the JWKS after the current one, so cookies it signed still verify', async () => {
		const dir = await configDir();
		const old = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
		await writeFile(join(dir, 'previous-session-key.pub.pem'), old.publicKey.export({ type: 'spki', format: 'pem' }));
		const session = { ...(serveConfig(simulator.validateUrl).session as object), previousKeys: [{ file: 'previous-session-key.pub.pem' }] };
		const serve = await startServe(dir, serveConfig(simulator.validateUrl, { session }));
		const jwks = (await (await fetch(`${serve.url}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] };
		const oldKid = await calculateJwkThumbprint(await exportJWK(old.publicKey));
		expect(jwks.keys).toHaveLength(2);
		expect(jwks.keys[1]!.kid).toBe(oldKid);
		const verifier = createRemoteJWKSet(new URL(`${serve.url}/.well-known/jwks.json`));
		const signedBefore = await new SignJWT({})
			.setProtectedHeader({ alg: 'ES256', kid: oldKid })
			.setSubject('u')
			.setIssuer('https://m.example.test/uaid')
			.setAudience('shop-backend')
			.setExpirationTime('5m')
			.sign(old.privateKey);
		expect((await jwtVerify(signedBefore, verifier)).payload.sub).toBe('u');
		const current = await signInFlow(serve.url, simulator);
		expect((await jwtVerify(current.jwt, verifier)).protectedHeader.kid).toBe(jwks.keys[0]!.kid);
		serve.child.kill('SIGTERM');
		expect(await serve.exit).toBe(0);
	}, 30_000);
});

describe('cmcc-uaid serve with redis: { url }', () => {
	it('shares one store between two instances (sign at one, validate at the other, then a replay refused) and reports readiness from Redis', async () => {
		const redis = await startRedis();
		const dir = await configDir();
		const config = serveConfig(simulator.validateUrl, { redis: { url: `redis://127.0.0.1:${redis.port}`, prefix: 'serve-test:' } });
		const first = await startServe(dir, config);
		const second = await startServe(dir, config);
		expect(await (await fetch(`${first.url}/readyz`)).json()).toEqual({ status: 'ready', store: 'redis' });
		const { signed, token } = await signAndGetToken(first.url, simulator);
		const validated = await postJson(`${second.url}/uaid/validate`, { token, traceId: signed.traceId });
		expect(validated.status).toBe(200);
		expect(validated.headers.get('set-cookie')).toMatch(/^uaid_session=ey/);
		const replayed = await postJson(`${first.url}/uaid/validate`, { token, traceId: signed.traceId });
		expect(replayed.json.error.code).toBe('replayed-trace');
		await redis.stop();
		const ready = await fetch(`${first.url}/readyz`);
		expect([ready.status, await ready.json()]).toEqual([503, { status: 'store-unavailable', store: 'redis' }]);
		for (const serve of [first, second]) serve.child.kill('SIGTERM');
		expect([await first.exit, await second.exit]).toEqual([0, 0]);
	}, 60_000);
});
