/**
 * The `onUaid` hook and `exposeUaid`, over real HTTP against the simulator: through
 * `toNodeListener`, through the Fetch handler behind a plain Node bridge, and in Express.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	createUaidHandler,
	toNodeListener,
	type UaidAnswerExtras,
	type UaidHandler,
	type UaidHandlerOptions,
	type UaidLogEvent,
} from '../../src/server/index.js';
import type { RunningSimulator } from '../../src/simulator/index.js';
import {
	APP_ID,
	APP_KEY,
	closeServer,
	KEYS,
	listen,
	PAGE_ORIGIN,
	postJson,
	signAndGetToken,
	startKit,
	startTestSimulator,
} from './support.js';

type Hook = NonNullable<UaidHandlerOptions['onUaid']>;
type HookCall = { result: Parameters<Hook>[0]; context: Parameters<Hook>[1] };

/** A hook that records its calls and answers what `answer` gives. */
function recordingHook(answer: (call: HookCall) => ReturnType<Hook>): Hook & { calls: HookCall[] } {
	const calls: HookCall[] = [];
	const hook = (result: HookCall['result'], context: HookCall['context']) => {
		calls.push({ result, context });
		return answer({ result, context });
	};
	return Object.assign(hook, { calls });
}

/** The Fetch handler on a real port, as a runtime without a Node adapter would serve it. */
async function serveFetchHandler(handler: UaidHandler): Promise<{ url: string; close(): Promise<void> }> {
	const server: Server = createServer((req: IncomingMessage, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const headers = new Headers();
			for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
			const body = chunks.length ? Buffer.concat(chunks) : undefined;
			void handler(
				new Request(`http://${req.headers.host}${req.url}`, {
					method: req.method,
					headers,
					...(body && req.method === 'POST' ? { body } : {}),
				}),
			).then(async (response) => {
				const out: Record<string, string | string[]> = {};
				for (const [name, value] of response.headers) out[name] = value;
				const cookies = response.headers.getSetCookie();
				if (cookies.length) out['set-cookie'] = cookies;
				res.writeHead(response.status, out).end(Buffer.from(await response.arrayBuffer()));
			});
		});
	});
	const url = await listen(server);
	return { url, close: () => closeServer(server) };
}

const platformCalls = (simulator: RunningSimulator): number =>
	simulator.log().filter((entry) => entry.endpoint === 'imeiTokenValidate').length;

describe('onUaid and exposeUaid', () => {
	let simulator: RunningSimulator;
	let uaid: string;

	beforeAll(async () => {
		simulator = await startTestSimulator();
		uaid = simulator.uaidFor(APP_ID, '13800138000');
	});
	afterAll(async () => {
		await simulator?.close();
	});

	it('the hook receives the platform’s UAID, the traceId, the client IP, the Origin and the request with its cookies', async () => {
		const hook = recordingHook(() => undefined);
		const kit = await startKit({ validateUrl: simulator.validateUrl, onUaid: hook });
		try {
			const { signed, token } = await signAndGetToken(kit.url, simulator);
			const answer = await postJson(`${kit.url}/uaid/validate`, { token, traceId: signed.traceId }, { cookie: 'cart=42' });
			expect(answer.status).toBe(200);
			expect(answer.json).toEqual({ uaid, traceId: signed.traceId });
			expect(hook.calls).toHaveLength(1);
			const { result, context } = hook.calls[0]!;
			expect(result).toEqual({ uaid, traceId: signed.traceId });
			expect(context.clientIp).toBe('127.0.0.1');
			expect(context.origin).toBe(PAGE_ORIGIN);
			expect(context.request).toBeInstanceOf(Request);
			expect(context.request.method).toBe('POST');
			expect(new URL(context.request.url).pathname).toBe('/uaid/validate');
			expect(context.request.headers.get('cookie')).toBe('cart=42');
		} finally {
			await kit.close();
		}
	});

	it('body fields join the answer and two Set-Cookie headers arrive as two cookies', async () => {
		const hook = recordingHook(({ result }) => ({
			body: { userId: 'u-1', isNew: false, roles: ['buyer'], profile: { tier: null } },
			headers: { 'Set-Cookie': [`sid=${result.traceId}; HttpOnly; Path=/; SameSite=Lax`, 'csrf=abc; Path=/'], 'x-signed-in': 'yes' },
		}));
		const kit = await startKit({ validateUrl: simulator.validateUrl, onUaid: hook });
		try {
			const { signed, token } = await signAndGetToken(kit.url, simulator);
			const answer = await postJson(`${kit.url}/uaid/validate`, { token, traceId: signed.traceId });
			expect(answer.status).toBe(200);
			expect(answer.json).toEqual({
				uaid,
				traceId: signed.traceId,
				userId: 'u-1',
				isNew: false,
				roles: ['buyer'],
				profile: { tier: null },
			});
			expect(answer.headers.getSetCookie()).toEqual([`sid=${signed.traceId}; HttpOnly; Path=/; SameSite=Lax`, 'csrf=abc; Path=/']);
			expect(answer.headers.get('x-signed-in')).toBe('yes');
			expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
			expect(answer.headers.get('access-control-allow-origin')).toBe(PAGE_ORIGIN);
		} finally {
			await kit.close();
		}
	});

	it('exposeUaid: false keeps the UAID out of every byte of the answer, and the hook still gets it', async () => {
		const hook = recordingHook(() => ({ body: { signedIn: true }, headers: { 'set-cookie': 'sid=s1; HttpOnly' } }));
		const kit = await startKit({ validateUrl: simulator.validateUrl, onUaid: hook, exposeUaid: false });
		try {
			const { signed, token } = await signAndGetToken(kit.url, simulator);
			const answer = await postJson(`${kit.url}/uaid/validate`, { token, traceId: signed.traceId });
			expect(answer.status).toBe(200);
			expect(answer.json).toEqual({ traceId: signed.traceId, signedIn: true });
			const headerText = [...answer.headers].map(([name, value]) => `${name}: ${value}`).join('\n');
			expect(answer.text + headerText).not.toContain(uaid);
			expect(hook.calls[0]?.result.uaid).toBe(uaid);
		} finally {
			await kit.close();
		}
	});

	it('exposeUaid: false without a hook answers the traceId alone', async () => {
		const kit = await startKit({ validateUrl: simulator.validateUrl, exposeUaid: false });
		try {
			const { signed, token } = await signAndGetToken(kit.url, simulator);
			const answer = await postJson(`${kit.url}/uaid/validate`, { token, traceId: signed.traceId });
			expect(answer.json).toEqual({ traceId: signed.traceId });
		} finally {
			await kit.close();
		}
	});

	for (const [name, failing] of [
		[
			'a throwing hook',
			() => {
				throw new Error('session database down');
			},
		],
		['a rejecting hook', () => Promise.reject(new Error('session database down'))],
	] as const) {
		it(`${name} is integrator-failed, logged once with the traceId, and the traceId stays spent`, async () => {
			const hook = recordingHook(failing);
			const kit = await startKit({ validateUrl: simulator.validateUrl, onUaid: hook });
			try {
				const { signed, token } = await signAndGetToken(kit.url, simulator);
				const before = platformCalls(simulator);
				const answer = await postJson(`${kit.url}/uaid/validate`, { token, traceId: signed.traceId });
				expect(answer.status).toBe(500);
				expect(answer.json).toEqual({ error: { code: 'integrator-failed', message: expect.any(String), retryable: false } });
				expect(answer.text).not.toContain(uaid);
				expect(answer.text).not.toContain('session database down');
				expect(platformCalls(simulator)).toBe(before + 1);
				const logged = kit.logs.filter((event: UaidLogEvent) => event.code === 'integrator-failed');
				expect(logged).toEqual([
					expect.objectContaining({ stage: 'validate', status: 500, traceId: signed.traceId, detail: 'session database down' }),
				]);

				const again = await postJson(`${kit.url}/uaid/validate`, { token, traceId: signed.traceId });
				expect(again.json.error.code).toBe('replayed-trace');
				expect(hook.calls).toHaveLength(1);
				expect(platformCalls(simulator)).toBe(before + 1);
			} finally {
				await kit.close();
			}
		});
	}

	const badReturns: [string, unknown][] = [
		['a string', 'ok'],
		['body.uaid', { body: { uaid: 'f'.repeat(64) } }],
		['body.traceId', { body: { traceId: 'mine' } }],
		['a body that is an array', { body: ['x'] }],
		['a Date in body', { body: { at: new Date(0) } }],
		['a function in body', { body: { call: () => 1 } }],
		['undefined in body', { body: { gone: undefined } }],
		['NaN in body', { body: { n: Number.NaN } }],
		['a number header', { headers: { 'x-n': 1 } }],
		['a header value with a line break', { headers: { 'set-cookie': 'a=1\r\nx-evil: 1' } }],
		['a header name with a space', { headers: { 'x bad': '1' } }],
		['content-type', { headers: { 'Content-Type': 'text/html' } }],
		['cache-control', { headers: { 'cache-control': 'public, max-age=600' } }],
		['an access-control header', { headers: { 'access-control-allow-origin': '*' } }],
	];
	it.each(badReturns)('a hook returning %s is integrator-failed, and the kit’s headers stand', async (_name, value) => {
		const kit = await startKit({ validateUrl: simulator.validateUrl, onUaid: () => value as UaidAnswerExtras });
		try {
			const { signed, token } = await signAndGetToken(kit.url, simulator);
			const answer = await postJson(`${kit.url}/uaid/validate`, { token, traceId: signed.traceId });
			expect(answer.status).toBe(500);
			expect(answer.json.error.code).toBe('integrator-failed');
			expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
			expect(answer.headers.get('cache-control')).toBe('no-store');
			expect(answer.headers.get('access-control-allow-origin')).toBe(PAGE_ORIGIN);
			expect(answer.headers.get('x-evil')).toBeNull();
			expect(kit.logs.filter((event) => event.code === 'integrator-failed')).toHaveLength(1);
		} finally {
			await kit.close();
		}
	});

	it('the hook is never called for a refused, replayed or failed validate', async () => {
		const hook = recordingHook(() => undefined);
		const kit = await startKit({ validateUrl: simulator.validateUrl, onUaid: hook });
		try {
			const first = await signAndGetToken(kit.url, simulator);
			expect((await postJson(`${kit.url}/uaid/validate`, { token: first.token, traceId: first.signed.traceId })).status).toBe(200);
			expect(hook.calls).toHaveLength(1);
			// Replayed traceId, a traceId never issued, a malformed body, and the platform refusing a spent token.
			expect((await postJson(`${kit.url}/uaid/validate`, { token: first.token, traceId: first.signed.traceId })).json.error.code).toBe(
				'replayed-trace',
			);
			expect(
				(await postJson(`${kit.url}/uaid/validate`, { token: first.token, traceId: 'abcdefghijklmnopqrstuvwxyz012345' })).json.error.code,
			).toBe('unknown-trace');
			expect((await postJson(`${kit.url}/uaid/validate`, { token: 7 })).json.error.code).toBe('bad-request');
			const second = await signAndGetToken(kit.url, simulator);
			const refused = await postJson(`${kit.url}/uaid/validate`, { token: first.token, traceId: second.signed.traceId });
			expect(refused.status).toBeGreaterThanOrEqual(400);
			expect(refused.json.error.code).toBe('token-expired');
			expect(hook.calls).toHaveLength(1);
		} finally {
			await kit.close();
		}
	});

	it('options that cannot work fail at start-up with invalid-option, naming the option', () => {
		const base = { appId: APP_ID, appKey: APP_KEY, privateKey: KEYS.privateKey };
		expect(() => createUaidHandler({ ...base, onUaid: 'signIn' as never })).toThrow(
			expect.objectContaining({ code: 'invalid-option', message: expect.stringContaining('onUaid') }),
		);
		expect(() => createUaidHandler({ ...base, exposeUaid: 'no' as never })).toThrow(
			expect.objectContaining({ code: 'invalid-option', message: expect.stringContaining('exposeUaid') }),
		);
	});

	it('through the Fetch handler: the hook gets a real Request, and body, both cookies and exposeUaid: false behave the same', async () => {
		const hook = recordingHook(({ context }) => ({
			body: { via: context.request.headers.get('x-via') },
			headers: { 'set-cookie': ['a=1', 'b=2'] },
		}));
		const handler = createUaidHandler({
			appId: APP_ID,
			appKey: APP_KEY,
			privateKey: KEYS.privateKey,
			allowedOrigins: [PAGE_ORIGIN],
			validateUrl: simulator.validateUrl,
			clientIp: { header: 'x-real-ip' },
			onUaid: hook,
			exposeUaid: false,
		});
		const served = await serveFetchHandler(handler);
		try {
			const { signed, token } = await signAndGetToken(served.url, simulator);
			const answer = await postJson(
				`${served.url}/uaid/validate`,
				{ token, traceId: signed.traceId },
				{ 'x-via': 'fetch', 'x-real-ip': '203.0.113.9' },
			);
			expect(answer.status).toBe(200);
			expect(answer.json).toEqual({ traceId: signed.traceId, via: 'fetch' });
			expect(answer.text).not.toContain(uaid);
			expect(answer.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
			expect(hook.calls[0]?.result.uaid).toBe(uaid);
			expect(hook.calls[0]?.context.clientIp).toBe('203.0.113.9');

			const failing = createUaidHandler({
				appId: APP_ID,
				appKey: APP_KEY,
				privateKey: KEYS.privateKey,
				allowedOrigins: [PAGE_ORIGIN],
				validateUrl: simulator.validateUrl,
				logger: () => undefined,
				onUaid: async () => {
					throw new Error('nope');
				},
			});
			const served2 = await serveFetchHandler(failing);
			try {
				const next = await signAndGetToken(served2.url, simulator);
				const failed = await postJson(`${served2.url}/uaid/validate`, { token: next.token, traceId: next.signed.traceId });
				expect(failed.status).toBe(500);
				expect(failed.json.error).toMatchObject({ code: 'integrator-failed', retryable: false });
			} finally {
				await served2.close();
			}
		} finally {
			await served.close();
		}
	});

	it('in Express, the signed-cookie recipe (docs/recipes.md): the hook’s cookie reaches the browser and another route reads it', async () => {
		// As docs/recipes.md "A session in `onUaid`" has it, with an in-memory user table.
		const secret = 'a-test-cookie-secret-of-32-bytes!';
		const mac = (value: string) => createHmac('sha256', secret).update(value).digest('base64url');
		const users = new Map<string, string>();
		function signedInUser(cookieHeader: string | null): string | undefined {
			const cookie = /(?:^|;\s*)uid=([^;]+)/.exec(cookieHeader ?? '')?.[1] ?? '';
			const at = cookie.lastIndexOf('.');
			const value = cookie.slice(0, at);
			const [id, expires] = value.split('.');
			const given = Buffer.from(cookie.slice(at + 1));
			const expected = Buffer.from(mac(value));
			if (at < 0 || given.length !== expected.length || !timingSafeEqual(given, expected) || Number(expires) < Date.now()) return undefined;
			return id;
		}
		const handler = createUaidHandler({
			appId: APP_ID,
			appKey: APP_KEY,
			privateKey: KEYS.privateKey,
			allowedOrigins: [PAGE_ORIGIN],
			validateUrl: simulator.validateUrl,
			exposeUaid: false,
			onUaid: async ({ uaid: subscriber }) => {
				const id = `user${users.size + 1}`;
				users.set(id, subscriber);
				const value = `${id}.${Date.now() + 86_400_000}`;
				return {
					body: { signedIn: true },
					headers: { 'set-cookie': [`uid=${value}.${mac(value)}; Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age=86400`] },
				};
			},
		});
		const app = express();
		app.use(express.json());
		app.use(toNodeListener(handler));
		app.get('/me', (req, res) => {
			res.json({ user: signedInUser(req.headers.cookie ?? null) ?? null });
		});
		const server = createServer(app);
		const url = await listen(server);
		try {
			const { signed, token } = await signAndGetToken(url, simulator);
			const answer = await postJson(`${url}/uaid/validate`, { token, traceId: signed.traceId });
			expect(answer.json).toEqual({ traceId: signed.traceId, signedIn: true });
			const cookie = (answer.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
			expect(await (await fetch(`${url}/me`, { headers: { cookie } })).json()).toEqual({ user: 'user1' });
			expect(users.get('user1')).toBe(uaid);
			const forged = cookie.replace('uid=user1', 'uid=user2');
			expect(await (await fetch(`${url}/me`, { headers: { cookie: forged } })).json()).toEqual({ user: null });
		} finally {
			await closeServer(server);
		}
	});
});
