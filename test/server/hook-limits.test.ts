/**
 * What an `onUaid` hook can no longer do to the kit (issue 30): hold the connection forever, break
 * the answer with its headers, or carry the UAID into the log; and the client address it is
 * handed survives the client hanging up during the platform call.
 */
import { createServer, request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUaidHandler, toNodeListener, type UaidAnswerExtras, type UaidLogEvent } from '../../src/server/index.js';
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

let simulator: RunningSimulator;
let uaid: string;
beforeAll(async () => {
	simulator = await startTestSimulator();
	uaid = simulator.uaidFor(APP_ID, '13800138000');
});
afterAll(async () => {
	await simulator?.close();
});

describe('the onUaid hook’s limits', () => {
	it('a hook that never settles ends as integrator-failed after onUaidTimeoutMs', async () => {
		const kit = await startKit({
			validateUrl: simulator.validateUrl,
			onUaidTimeoutMs: 50,
			onUaid: () => new Promise<never>(() => undefined),
		});
		try {
			const { signed, token } = await signAndGetToken(kit.url, simulator);
			const answer = await postJson(`${kit.url}/uaid/validate`, { token, traceId: signed.traceId });
			expect(answer.status).toBe(500);
			expect(answer.json.error.code).toBe('integrator-failed');
			expect(answer.json.error.message).toContain('did not settle');
			expect(kit.logs.find((event) => event.code === 'integrator-failed')?.detail).toContain('50 ms');
		} finally {
			await kit.close();
		}
	});

	it('refuses onUaidTimeoutMs that cannot work at start-up', () => {
		for (const onUaidTimeoutMs of [0, -1, 1.5, Number.NaN]) {
			expect(
				() => createUaidHandler({ appId: APP_ID, appKey: APP_KEY, privateKey: KEYS.privateKey, onUaidTimeoutMs }),
				String(onUaidTimeoutMs),
			).toThrow(expect.objectContaining({ code: 'invalid-option', message: expect.stringContaining('onUaidTimeoutMs') }));
		}
	});

	it.each(['content-encoding', 'Content-Length', 'transfer-encoding', 'connection', 'access-control-expose-headers'])(
		'refuses a %s header from the hook with a clear error; set-cookie passes',
		async (name) => {
			const kit = await startKit({
				validateUrl: simulator.validateUrl,
				onUaid: (): UaidAnswerExtras => ({ headers: { 'set-cookie': 'sid=1', [name]: 'gzip' } }),
			});
			try {
				const { signed, token } = await signAndGetToken(kit.url, simulator);
				const answer = await postJson(`${kit.url}/uaid/validate`, { token, traceId: signed.traceId });
				expect(answer.status).toBe(500);
				expect(answer.json.error.code).toBe('integrator-failed');
				expect(answer.headers.get('content-encoding')).toBeNull();
				expect(kit.logs.find((event) => event.code === 'integrator-failed')?.detail).toContain(
					`the ${name.toLowerCase()} header is the kit's own`,
				);
			} finally {
				await kit.close();
			}
		},
	);

	it('keeps the UAID, in any case, out of every log field when the hook’s error quotes it', async () => {
		const kit = await startKit({
			validateUrl: simulator.validateUrl,
			onUaid: ({ uaid: value }) => {
				throw new Error(`Duplicate entry '${value.toUpperCase()}' for key 'users.uaid' (was ${value})`);
			},
		});
		try {
			const { signed, token } = await signAndGetToken(kit.url, simulator);
			const answer = await postJson(`${kit.url}/uaid/validate`, { token, traceId: signed.traceId });
			expect(answer.json.error.code).toBe('integrator-failed');
			const line = kit.logs.find((event) => event.code === 'integrator-failed')!;
			expect(line.detail).toContain("Duplicate entry '[uaid]'");
			const logged = JSON.stringify(kit.logs).toLowerCase();
			expect(logged).not.toContain(uaid.toLowerCase());
			expect(answer.text.toLowerCase()).not.toContain(uaid.toLowerCase());
		} finally {
			await kit.close();
		}
	});

	it('hands the hook and the log the client address read on arrival, though the client hung up during the platform call', async () => {
		let hungUp!: () => void;
		const clientGone = new Promise<void>((resolve) => (hungUp = resolve));
		let platformReached!: () => void;
		const reached = new Promise<void>((resolve) => (platformReached = resolve));
		// A platform that answers only after the kit has seen the client go.
		const slowPlatform = createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (chunk: Buffer) => chunks.push(chunk));
			req.on('end', () => {
				platformReached();
				void clientGone.then(async () => {
					const answer = await fetch(simulator.validateUrl, {
						method: 'POST',
						headers: { 'content-type': 'application/json' },
						body: Buffer.concat(chunks),
					});
					res.writeHead(answer.status, { 'content-type': 'application/json' }).end(await answer.text());
				});
			});
		});
		const platformUrl = await listen(slowPlatform);
		const seen: string[] = [];
		let logged!: (event: UaidLogEvent) => void;
		const validateLine = new Promise<UaidLogEvent>((resolve) => (logged = resolve));
		let hookDone!: () => void;
		const hookCalled = new Promise<void>((resolve) => (hookDone = resolve));
		const handler = createUaidHandler({
			appId: APP_ID,
			appKey: APP_KEY,
			privateKey: KEYS.privateKey,
			allowedOrigins: [PAGE_ORIGIN],
			validateUrl: `${platformUrl}/NumberAbility/h5/imeiTokenValidate.htm`,
			logger: (event) => {
				if (event.stage === 'validate') logged(event);
			},
			onUaid: (_result, context) => {
				seen.push(context.clientIp);
				hookDone();
			},
		});
		const listener = toNodeListener(handler);
		const kitServer = createServer((req, res) => {
			req.socket.once('close', () => hungUp());
			listener(req, res);
		});
		const kitUrl = await listen(kitServer);
		try {
			const { signed, token } = await signAndGetToken(kitUrl, simulator);
			const body = JSON.stringify({ token, traceId: signed.traceId });
			const request = httpRequest(`${kitUrl}/uaid/validate`, {
				method: 'POST',
				agent: false,
				headers: { origin: PAGE_ORIGIN, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
			});
			request.on('error', () => undefined);
			request.end(body);
			await reached;
			request.destroy();
			await hookCalled;
			expect(seen).toEqual(['127.0.0.1']);
			expect((await validateLine).clientIp).toBe('127.0.0.1');
		} finally {
			await closeServer(kitServer);
			await closeServer(slowPlatform);
		}
	});
});
