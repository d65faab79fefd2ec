/**
 * The `logger` option: the console by default (warnings and errors, one line each, no secret),
 * `false` for silence, a function, or a level logger such as pino as it is.
 */
import { createServer } from 'node:http';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import { maskToken } from '../../src/protocol/mask-token.js';
import { createUaidHandler, toNodeListener, type UaidHandlerOptions, type UaidLogEvent } from '../../src/server/index.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { freePort } from '../../tools/children.js';
import { APP_ID, APP_KEY, closeServer, KEYS, listen, PAGE_ORIGIN, postJson, signAndGetToken } from './support.js';

/** The kit on a real port with exactly the options given: no logger unless the test passes one. */
async function serveKit(options: Partial<UaidHandlerOptions> & { validateUrl: string }): Promise<{ url: string; close(): Promise<void> }> {
	const server = createServer(
		toNodeListener(
			createUaidHandler({ appId: APP_ID, appKey: APP_KEY, privateKey: KEYS.privateKey, allowedOrigins: [PAGE_ORIGIN], ...options }),
		),
	);
	const url = await listen(server);
	return { url, close: () => closeServer(server) };
}

/** Lines a pino logger wrote, parsed. */
function pinoLines(): { stream: Writable; lines: Record<string, unknown>[] } {
	const lines: Record<string, unknown>[] = [];
	const stream = new Writable({
		write(chunk: Buffer, _encoding, done) {
			for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
			done();
		},
	});
	return { stream, lines };
}

describe('the kit’s log', () => {
	// The simulator's app whitelists one server IP that is not loopback's, so every validate answers 110004.
	let simulator: RunningSimulator;
	let open: RunningSimulator;
	let warn: MockInstance<typeof console.warn>;
	let error: MockInstance<typeof console.error>;

	beforeAll(async () => {
		simulator = await startSimulator({
			config: {
				apps: [{ appId: APP_ID, appKey: APP_KEY, publicKey: KEYS.publicKey, serverIps: ['203.0.113.7'] }],
				network: { mode: 'cellular', msisdn: '13800138000' },
			},
		});
		open = await startSimulator({
			config: {
				apps: [{ appId: APP_ID, appKey: APP_KEY, publicKey: KEYS.publicKey }],
				network: { mode: 'cellular', msisdn: '13800138000' },
			},
		});
		warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
		error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
	});
	afterAll(async () => {
		warn.mockRestore();
		error.mockRestore();
		await simulator?.close();
		await open?.close();
	});
	afterEach(() => {
		warn.mockClear();
		error.mockClear();
	});

	const printed = (): string[] => [...warn.mock.calls, ...error.mock.calls].map((args) => args.map(String).join(' '));

	it('by default, a server IP the platform does not whitelist is one console.error line naming the platform host and the fix, with no secret', async () => {
		const kit = await serveKit({ validateUrl: simulator.validateUrl });
		try {
			const { signed, token } = await signAndGetToken(kit.url, simulator);
			const answer = await postJson(`${kit.url}/uaid/validate`, { token, traceId: signed.traceId });
			expect(answer.json.error).toMatchObject({ code: 'app-config', platformCode: '110004' });
			expect(warn).not.toHaveBeenCalled();
			expect(error).toHaveBeenCalledTimes(1);
			const [line] = printed();
			const host = new URL(simulator.validateUrl).host;
			expect(line).toMatch(/^cmcc-uaid: validate answered 502 app-config \(platform 110004\), /);
			expect(line).toContain(`the platform at ${host} refused this server's IP (110004): add this server's egress IP`);
			expect(line).toContain('whitelist');
			expect(line).toContain(`traceId ${maskToken(signed.traceId)}`);
			expect(line).not.toMatch(/[\r\n]/);
			for (const secret of [token, signed.traceId, APP_KEY, KEYS.privateKey]) expect(line).not.toContain(secret);
		} finally {
			await kit.close();
		}
	});

	it('by default, 120010 is explained by the variant the platform answered (its resultDesc), and points to the browser for the page address', async () => {
		const strict = await startSimulator({
			config: {
				apps: [{ appId: APP_ID, appKey: APP_KEY, publicKey: KEYS.publicKey, origins: ['https://registered.example'] }],
				network: { mode: 'cellular', msisdn: '13800138000' },
			},
		});
		const kit = await serveKit({ validateUrl: strict.validateUrl });
		try {
			// The page's Origin reached getMobile and is not the registered one: the mismatch variant, not "none recorded".
			const { signed, token } = await signAndGetToken(kit.url, strict);
			const answer = await postJson(`${kit.url}/uaid/validate`, { token, traceId: signed.traceId });
			expect(answer.json.error).toMatchObject({ code: 'app-config', platformCode: '120010' });
			const [line] = printed();
			expect(line).toMatch(/^cmcc-uaid: validate answered 502 app-config \(platform 120010\), /);
			expect(line).toContain("The Referer/Origin recorded with the token does not match the app's configured addresses.");
			expect(line).not.toContain('No Referer/Origin was recorded');
			expect(line).toContain("The browser's uaid-error names the Origin and Referer the page sent.");
			expect(line).toContain('(refer 或 origin 校验失败)');
		} finally {
			await kit.close();
			await strict.close();
		}
	});

	it('by default, a success and a user on Wi-Fi print nothing; a refused origin is one warning naming the origin', async () => {
		const kit = await serveKit({ validateUrl: open.validateUrl });
		try {
			const { signed, token } = await signAndGetToken(kit.url, open);
			expect((await postJson(`${kit.url}/uaid/validate`, { token, traceId: signed.traceId })).status).toBe(200);
			expect((await postJson(`${kit.url}/uaid/validate`, { token, traceId: signed.traceId })).json.error.code).toBe('replayed-trace');
			expect(printed()).toEqual([]);
			const refused = await postJson(`${kit.url}/uaid/sign`, {}, { origin: 'https://elsewhere.example' });
			expect(refused.json.error.code).toBe('origin-not-allowed');
			expect(error).not.toHaveBeenCalled();
			// The line says what the 403 says: the origin it saw, the own origin it compared with, and the option to change.
			expect(printed()).toEqual([
				expect.stringMatching(
					/^cmcc-uaid: sign answered 403 origin-not-allowed, origin https:\/\/elsewhere\.example, \d+ ms: Origin https:\/\/elsewhere\.example is not allowed: it is neither in allowedOrigins nor this backend's own origin, http:\/\/127\.0\.0\.1:\d+, read from the Host header\. To allow it, add https:\/\/elsewhere\.example to allowedOrigins/,
				),
			]);
		} finally {
			await kit.close();
		}
	});

	it('a throwing onUaid is logged with the hook’s error, not the platform’s success text', async () => {
		const events: UaidLogEvent[] = [];
		const kit = await serveKit({
			validateUrl: open.validateUrl,
			logger: (event) => events.push(event),
			onUaid: () => {
				throw new Error('db connection refused');
			},
		});
		try {
			const { signed, token } = await signAndGetToken(kit.url, open);
			expect((await postJson(`${kit.url}/uaid/validate`, { token, traceId: signed.traceId })).json.error.code).toBe('integrator-failed');
			const line = events.find((e) => e.stage === 'validate')!.message;
			expect(line).toContain('your onUaid hook failed (db connection refused)');
			expect(line).not.toContain('Success: UAID returned');
		} finally {
			await kit.close();
		}
	});

	it('an answer that is not the platform’s JSON is logged with its HTTP status and the URL, not as the platform’s 999999', async () => {
		const events: UaidLogEvent[] = [];
		const wrongPath = `${open.url}/NumberAbility/h5/imeiTokenValidate`;
		const kit = await serveKit({ validateUrl: wrongPath, logger: (event) => events.push(event) });
		try {
			const { signed, token } = await signAndGetToken(kit.url, open);
			expect((await postJson(`${kit.url}/uaid/validate`, { token, traceId: signed.traceId })).json.error.code).toBe('platform-error');
			const call = events.find((e) => e.stage === 'platform')!;
			expect(call).toMatchObject({ outcome: 'garbled', httpStatus: 404 });
			expect(call.message).toContain(`garbled (HTTP 404 from ${wrongPath})`);
			const line = events.find((e) => e.stage === 'validate')!.message;
			expect(line).toContain(`${wrongPath} answered HTTP 404 with something that is not the platform’s JSON: a wrong \`validateUrl\``);
			expect(line).not.toContain('999999');
		} finally {
			await kit.close();
		}
	});

	it('an unreachable platform is logged with its host:port, the errno and the URL', async () => {
		const events: UaidLogEvent[] = [];
		const port = await freePort();
		const validateUrl = `http://127.0.0.1:${port}/NumberAbility/h5/imeiTokenValidate.htm`;
		const kit = await serveKit({ validateUrl, retries: 0, logger: (event) => events.push(event) });
		try {
			const { signed, token } = await signAndGetToken(kit.url, open);
			expect((await postJson(`${kit.url}/uaid/validate`, { token, traceId: signed.traceId })).json.error.code).toBe('platform-unreachable');
			const call = events.find((e) => e.stage === 'platform')!;
			expect(call).toMatchObject({ outcome: 'not-sent', errorCode: 'ECONNREFUSED' });
			expect(call.message).toContain(`not-sent (ECONNREFUSED at 127.0.0.1:${port})`);
			const answer = events.find((e) => e.stage === 'validate')!;
			expect(answer.errorCode).toBe('ECONNREFUSED');
			expect(answer.message).toContain(`the platform at 127.0.0.1:${port} could not be reached (ECONNREFUSED)`);
			expect(answer.message).toContain(validateUrl);
		} finally {
			await kit.close();
		}
	});

	it('logger: false prints nothing, not even for app-config', async () => {
		const kit = await serveKit({ validateUrl: simulator.validateUrl, logger: false });
		try {
			const { signed, token } = await signAndGetToken(kit.url, simulator);
			expect((await postJson(`${kit.url}/uaid/validate`, { token, traceId: signed.traceId })).status).toBe(502);
			expect(printed()).toEqual([]);
		} finally {
			await kit.close();
		}
	});

	it('a function receives every event with its level and message, and the console stays quiet', async () => {
		const events: UaidLogEvent[] = [];
		const kit = await serveKit({ validateUrl: simulator.validateUrl, logger: (event) => events.push(event) });
		try {
			const { signed, token } = await signAndGetToken(kit.url, simulator);
			await postJson(`${kit.url}/uaid/validate`, { token, traceId: signed.traceId });
			expect(events.map((e) => [e.stage, e.level, e.status, e.code])).toEqual([
				['sign', 'info', 200, undefined],
				['platform', 'info', undefined, undefined],
				['validate', 'error', 502, 'app-config'],
			]);
			expect(events[2]?.message).toContain('egress IP');
			expect(events[2]?.traceId).toBe(signed.traceId);
			expect(printed()).toEqual([]);
		} finally {
			await kit.close();
		}
	});

	it('takes pino() as it is: each event at its level, the message as msg, the fields beside it', async () => {
		const { stream, lines } = pinoLines();
		const kit = await serveKit({ validateUrl: simulator.validateUrl, logger: pino({ level: 'info' }, stream) });
		try {
			const { signed, token } = await signAndGetToken(kit.url, simulator);
			await postJson(`${kit.url}/uaid/validate`, { token, traceId: signed.traceId });
			await new Promise((resolve) => setImmediate(resolve));
			expect(lines.map((line) => [line.level, line.stage])).toEqual([
				[30, 'sign'],
				[30, 'platform'],
				[50, 'validate'],
			]);
			const failure = lines[2]!;
			expect(failure).toMatchObject({
				stage: 'validate',
				status: 502,
				code: 'app-config',
				platformCode: '110004',
				traceId: signed.traceId,
			});
			expect(failure.msg).toContain(`the platform at ${new URL(simulator.validateUrl).host} refused this server's IP`);
			expect(failure).not.toHaveProperty('message');
			expect(JSON.stringify(lines)).not.toContain(token);
			expect(JSON.stringify(lines)).not.toContain(APP_KEY);
			expect(printed()).toEqual([]);
		} finally {
			await kit.close();
		}
	});

	it('a logger that throws is reported on the console and changes no answer', async () => {
		const kit = await serveKit({
			validateUrl: open.validateUrl,
			logger: () => {
				throw new Error('log sink down');
			},
		});
		try {
			const { signed, token } = await signAndGetToken(kit.url, open);
			const answer = await postJson(`${kit.url}/uaid/validate`, { token, traceId: signed.traceId });
			expect(answer.status).toBe(200);
			expect(error.mock.calls.map((args) => args[0])).toContain('cmcc-uaid: the logger option threw; the answer is unaffected.');
		} finally {
			await kit.close();
		}
	});

	it('a logger option that is neither a function, a level logger nor false fails at start-up, naming the option', () => {
		const base = { appId: APP_ID, appKey: APP_KEY, privateKey: KEYS.privateKey };
		for (const logger of [true, 'console', { info: () => undefined }, null]) {
			expect(() => createUaidHandler({ ...base, logger: logger as never })).toThrow(
				expect.objectContaining({ code: 'invalid-option', message: expect.stringContaining('logger') }),
			);
		}
	});
});
