import { once } from 'node:events';
import type { Socket } from 'node:net';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { VALIDATE_PATH } from '../../src/protocol/index.js';
import { validateToken, type ValidateAttemptEvent, type ValidateTokenOptions } from '../../src/server/index.js';
import { freePort } from '../../tools/children.js';
import { APP_ID, closeServer, KEYS, listen, signAndGetToken, useKitAndSimulator } from './support.js';

const TOKEN = 'H5HTTPS0123456789ABCDEF0123456789ABCDEF';
const UAID = 'c'.repeat(64);
const SUCCESS = JSON.stringify({ header: { appId: APP_ID }, body: { resultCode: '000000', resultDesc: '成功', UAID } });

interface StandIn {
	url: string;
	/** TCP connections the stand-in accepted. */
	connections: number;
	/** Requests whose body it read, in order. */
	requests: { body: string; socket: Socket }[];
	close(): Promise<void>;
}

/** A plain node:http server standing in for the platform; `answer` gets the n-th request (0-based). */
async function startStandIn(answer: (request: IncomingMessage, response: ServerResponse, n: number) => void): Promise<StandIn> {
	const state: StandIn = { url: '', connections: 0, requests: [], close: async () => undefined };
	const server: Server = createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			state.requests.push({ body: Buffer.concat(chunks).toString('utf8'), socket: request.socket });
			answer(request, response, state.requests.length - 1);
		});
	});
	server.on('connection', () => state.connections++);
	state.url = await listen(server);
	state.close = () => closeServer(server);
	return state;
}

function validate(url: string, extra: Partial<ValidateTokenOptions> = {}): { result: Promise<unknown>; attempts: ValidateAttemptEvent[] } {
	const attempts: ValidateAttemptEvent[] = [];
	const result = validateToken({
		appId: APP_ID,
		privateKey: KEYS.privateKey,
		token: TOKEN,
		validateUrl: url,
		onAttempt: (event) => attempts.push(event),
		...extra,
	}).catch((error: unknown) => error);
	return { result, attempts };
}

describe('validateToken over the built-in undici transport', () => {
	const env = useKitAndSimulator();

	it('validates a real token against the simulator', async () => {
		const { token } = await signAndGetToken(env.kit.url, env.simulator);
		const { result, attempts } = validate(env.simulator.validateUrl, { token });
		expect(await result).toMatchObject({ uaid: env.simulator.uaidFor(APP_ID, '13800138000'), attempts: 1 });
		expect(attempts).toMatchObject([{ attempt: 1, outcome: 'answered', httpStatus: 200, platformCode: '000000' }]);
	});

	it('sends the same request fetch sent: a JSON POST with its length', async () => {
		let seen: IncomingMessage | undefined;
		const platform = await startStandIn((request, response) => {
			seen = request;
			response.end(SUCCESS);
		});
		try {
			expect(await validate(platform.url).result).toMatchObject({ uaid: UAID });
			expect(seen?.method).toBe('POST');
			expect(seen?.headers).toMatchObject({
				'content-type': 'application/json;charset=UTF-8',
				accept: 'application/json',
				'accept-encoding': 'identity',
				'content-length': String(Buffer.byteLength(platform.requests[0]!.body)),
			});
			expect(JSON.parse(platform.requests[0]!.body).body.token).toBe(TOKEN);
		} finally {
			await platform.close();
		}
	});

	it('reuses one connection for sequential validations', async () => {
		const platform = await startStandIn((_request, response) => response.end(SUCCESS));
		try {
			for (let i = 0; i < 3; i++) expect(await validate(platform.url).result).toMatchObject({ uaid: UAID });
			expect(platform.requests).toHaveLength(3);
			expect(platform.connections).toBe(1);
			expect(new Set(platform.requests.map((r) => r.socket)).size).toBe(1);
		} finally {
			await platform.close();
		}
	});

	it('a connection destroyed after the platform read the request is lost, and retried', async () => {
		const platform = await startStandIn((request, response, n) => (n === 0 ? request.socket.destroy() : response.end(SUCCESS)));
		try {
			const { result, attempts } = validate(platform.url);
			expect(await result).toMatchObject({ uaid: UAID, attempts: 2 });
			expect(attempts.map((a) => a.outcome)).toEqual(['lost', 'answered']);
		} finally {
			await platform.close();
		}
	});

	it('a pooled connection the platform drops on reuse is lost (never "not sent"), and the retry opens a new one', async () => {
		const platform = await startStandIn((request, response, n) => (n === 1 ? request.socket.destroy() : response.end(SUCCESS)));
		try {
			expect(await validate(platform.url).result).toMatchObject({ uaid: UAID, attempts: 1 });
			const { result, attempts } = validate(platform.url);
			expect(await result).toMatchObject({ uaid: UAID, attempts: 2 });
			expect(attempts.map((a) => a.outcome)).toEqual(['lost', 'answered']);
			expect(platform.connections).toBe(2);
		} finally {
			await platform.close();
		}
	});

	it('an answer cut off mid-body is lost', async () => {
		const platform = await startStandIn((_request, response) => {
			response.writeHead(200, { 'content-type': 'application/json', 'content-length': '500' });
			response.write(SUCCESS.slice(0, 20), () => response.socket?.destroy());
		});
		try {
			const { result, attempts } = validate(platform.url, { retries: 0 });
			expect(await result).toMatchObject({ name: 'PlatformTransportError', code: 'platform-unreachable' });
			expect(attempts.map((a) => a.outcome)).toEqual(['lost']);
		} finally {
			await platform.close();
		}
	});

	it('a port nobody listens on is not-sent, and retried', async () => {
		const port = await freePort();
		const { result, attempts } = validate(`http://127.0.0.1:${port}/NumberAbility/h5/imeiTokenValidate.htm`, { retries: 1 });
		const error = await result;
		expect(error).toMatchObject({ name: 'PlatformTransportError', code: 'platform-unreachable', retryable: true });
		expect((error as Error).message).toContain('ECONNREFUSED');
		expect(attempts.map((a) => a.outcome)).toEqual(['not-sent', 'not-sent']);
	});

	it('a platform that never answers is a timeout of timeoutMs, not retried', async () => {
		const platform = await startStandIn(() => undefined);
		try {
			const { result, attempts } = validate(platform.url, { timeoutMs: 300, retries: 2 });
			const error = await result;
			expect(error).toMatchObject({ name: 'PlatformTransportError', code: 'timeout' });
			// The kit's own deadline ended it, not the stand-in: the message names timeoutMs, and the kit closed the connection.
			expect((error as Error).message).toContain('within 300 ms');
			expect((error as Error).message).toContain('may still have validated');
			const { socket } = platform.requests[0]!;
			if (!socket.destroyed) await once(socket, 'close');
			expect(attempts.map((a) => a.outcome)).toEqual(['timeout']);
			expect(platform.requests).toHaveLength(1);
		} finally {
			await platform.close();
		}
	});

	it('an answer whose body never finishes is a timeout too: the budget covers reading it', async () => {
		const platform = await startStandIn((_request, response) => {
			response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(SUCCESS.length) });
			response.write(SUCCESS.slice(0, 10));
		});
		try {
			const { result, attempts } = validate(platform.url, { timeoutMs: 300 });
			expect(await result).toMatchObject({ code: 'timeout' });
			expect(attempts.map((a) => a.outcome)).toEqual(['timeout']);
		} finally {
			await platform.close();
		}
	});

	it("the caller's abort rejects with the caller's reason", async () => {
		const platform = await startStandIn(() => undefined);
		try {
			const controller = new AbortController();
			const reason = new Error('the browser went away');
			const { result } = validate(platform.url, { signal: controller.signal });
			setTimeout(() => controller.abort(reason), 50);
			expect(await result).toBe(reason);
		} finally {
			await platform.close();
		}
	});

	it.each([
		['gzip', gzipSync],
		['x-gzip', gzipSync],
		['deflate', deflateSync],
		['br', brotliCompressSync],
		['zstd', (bytes: Buffer) => bytes],
	] as const)(
		'asks for an uncompressed answer, and a %s answer sent anyway is platform-error naming the coding',
		async (encoding, compress) => {
			const platform = await startStandIn((_request, response) => {
				response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': encoding });
				response.end(compress(Buffer.from(SUCCESS)));
			});
			try {
				const { result, attempts } = validate(platform.url);
				const error = await result;
				expect(error).toMatchObject({ code: 'platform-error', retryable: true });
				expect((error as Error).message).toContain(`content-encoding: ${encoding}`);
				expect(attempts).toMatchObject([{ outcome: 'garbled', httpStatus: 200 }]);
				expect(platform.requests).toHaveLength(1);
			} finally {
				await platform.close();
			}
		},
	);

	it('drops a UTF-8 byte order mark and decodes invalid bytes as U+FFFD, as fetch did', async () => {
		const [before, after] = SUCCESS.split('成功') as [string, string];
		const answer = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(before), Buffer.from([0xff]), Buffer.from(after)]);
		const platform = await startStandIn((_request, response) => {
			response.writeHead(200, { 'content-type': 'application/json' });
			response.end(answer);
		});
		try {
			expect(await validate(platform.url).result).toMatchObject({ uaid: UAID, result: { resultDesc: '\uFFFD' } });
		} finally {
			await platform.close();
		}
	});

	it('a redirect is not followed and is platform-error', async () => {
		const elsewhere = await startStandIn((_request, response) => response.end(SUCCESS));
		const platform = await startStandIn((_request, response) => {
			response.writeHead(302, { location: elsewhere.url });
			response.end();
		});
		try {
			const { result, attempts } = validate(platform.url);
			const error = await result;
			expect(error).toMatchObject({ code: 'platform-error' });
			expect((error as Error).message).toContain('302');
			expect(attempts).toMatchObject([{ outcome: 'garbled', httpStatus: 302 }]);
			expect(elsewhere.requests).toHaveLength(0);
		} finally {
			await platform.close();
			await elsewhere.close();
		}
	});

	it('an answer over 1 MiB is platform-error, and its connection is not reused', async () => {
		const platform = await startStandIn((_request, response, n) => {
			if (n > 0) return response.end(SUCCESS);
			response.writeHead(200, { 'content-type': 'application/json' });
			response.end(`{"padding":"${'x'.repeat(2 * 1024 * 1024)}"}`);
		});
		try {
			const { result, attempts } = validate(platform.url);
			expect(await result).toMatchObject({ code: 'platform-error', retryable: true });
			expect(((await result) as Error).message).toContain('larger than');
			expect(attempts).toMatchObject([{ outcome: 'garbled', httpStatus: 200 }]);
			expect(await validate(platform.url).result).toMatchObject({ uaid: UAID });
			expect(platform.requests).toHaveLength(2);
			expect(platform.requests[1]!.socket).not.toBe(platform.requests[0]!.socket);
		} finally {
			await platform.close();
		}
	});

	it('a fetch passed in times out the same way: timeout, not retried', async () => {
		const platform = await startStandIn(() => undefined);
		try {
			const { result, attempts } = validate(platform.url, { fetch: (input, init) => fetch(input, init), timeoutMs: 200 });
			expect(await result).toMatchObject({ code: 'timeout' });
			expect(attempts.map((a) => a.outcome)).toEqual(['timeout']);
		} finally {
			await platform.close();
		}
	});

	it('a fetch passed in options is used instead', async () => {
		const platform = await startStandIn((_request, response) => response.end(SUCCESS));
		try {
			const calls: string[] = [];
			const countingFetch: typeof fetch = (input, init) => {
				calls.push(String(input));
				return fetch(input, init);
			};
			expect(await validate(platform.url, { fetch: countingFetch }).result).toMatchObject({ uaid: UAID });
			// A bare origin is the platform's base: the guide's path is added (one rule with doctor's --platform-url).
			expect(calls).toEqual([`${platform.url}${VALIDATE_PATH}`]);
		} finally {
			await platform.close();
		}
	});
});
