/** Shared test fixtures for the server kit: a simulator with one app, the kit on a real port, a fake browser. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import { generateRsaKeyPair } from '../../src/protocol/node/index.js';
import type { GetMobileRequest } from '../../src/protocol/index.js';
import { createUaidHandler, toNodeListener, type UaidHandlerOptions, type UaidLogEvent } from '../../src/server/index.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';

export const APP_ID = '300011580392';
export const APP_KEY = 'test-appkey-3f9c0b7e-must-never-leak';
export const PAGE_ORIGIN = 'http://page.test:5173';

/** One key pair per test run: generating 2048-bit keys is slow. */
export const KEYS = generateRsaKeyPair({ bits: 2048 });

export async function listen(server: Server): Promise<string> {
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export async function closeServer(server: Server): Promise<void> {
	server.closeAllConnections();
	await new Promise<void>((resolve) => server.close(() => resolve()));
}

export async function startTestSimulator(): Promise<RunningSimulator> {
	return startSimulator({
		config: {
			apps: [{ appId: APP_ID, appKey: APP_KEY, publicKey: KEYS.publicKey, signatureAlgorithm: 'md5' }],
			network: { mode: 'cellular', msisdn: '13800138000' },
		},
	});
}

export interface RunningKit {
	url: string;
	logs: UaidLogEvent[];
	close(): Promise<void>;
}

/**
 * The test simulator and the kit in front of it, started before the enclosing suite's tests and
 * closed after them. Read `simulator` and `kit` inside tests: they exist once `beforeAll` has run.
 */
export function useKitAndSimulator(): { readonly simulator: RunningSimulator; readonly kit: RunningKit } {
	const running = {} as { simulator: RunningSimulator; kit: RunningKit };
	beforeAll(async () => {
		running.simulator = await startTestSimulator();
		running.kit = await startKit({ validateUrl: running.simulator.validateUrl });
	});
	afterAll(async () => {
		await running.kit?.close();
		await running.simulator?.close();
	});
	return running;
}

/** The kit behind `http.createServer(toNodeListener(handler))` on a free port. */
export async function startKit(options: Partial<UaidHandlerOptions> & { validateUrl: string }): Promise<RunningKit> {
	const logs: UaidLogEvent[] = [];
	const handler = createUaidHandler({
		appId: APP_ID,
		appKey: APP_KEY,
		privateKey: KEYS.privateKey,
		allowedOrigins: [PAGE_ORIGIN],
		logger: (event) => logs.push(event),
		...options,
	});
	const server = createServer(toNodeListener(handler));
	const url = await listen(server);
	return { url, logs, close: () => closeServer(server) };
}

export async function postJson(
	url: string,
	body: unknown,
	headers: Record<string, string> = {},
): Promise<{ status: number; json: any; text: string; headers: Headers }> {
	const response = await fetch(url, {
		method: 'POST',
		headers: { origin: PAGE_ORIGIN, 'content-type': 'application/json', ...headers },
		body: typeof body === 'string' ? body : JSON.stringify(body),
	});
	const text = await response.text();
	let json: any;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: response.status, json, text, headers: response.headers };
}

/** What the browser does: sign at the backend, then post the body to getMobile as text/plain (no preflight). */
/** `origin`: the page that signs, and later validates (the traceId is bound to it); getMobile is sent as the registered page. */
export async function signAndGetToken(
	kitUrl: string,
	simulator: RunningSimulator,
	origin = PAGE_ORIGIN,
): Promise<{ signed: GetMobileRequest; token: string }> {
	const sign = await postJson(`${kitUrl}/uaid/sign`, {}, { origin });
	if (sign.status !== 200) throw new Error(`sign answered ${sign.status}: ${sign.text}`);
	const signed = sign.json as GetMobileRequest;
	const response = await fetch(simulator.getMobileUrl, {
		method: 'POST',
		headers: { origin: PAGE_ORIGIN, referer: `${PAGE_ORIGIN}/`, 'content-type': 'text/plain;charset=UTF-8' },
		body: JSON.stringify(signed),
	});
	const answer = (await response.json()) as { body: { resultCode: string; token?: string } };
	if (answer.body.resultCode !== '103000' || !answer.body.token) throw new Error(`getMobile answered ${JSON.stringify(answer)}`);
	return { signed, token: answer.body.token };
}

/**
 * A proxy in front of the simulator that forwards the next `dropAnswers` validate calls and then
 * destroys the connection instead of answering: the platform saw (and consumed) the token, the
 * answer is lost — what a reset on the way back looks like.
 */
export async function startAnswerLosingProxy(
	target: string,
	dropAnswers: number,
): Promise<{ url: string; forwarded: number; close(): Promise<void> }> {
	const state = { url: '', forwarded: 0, close: async () => undefined as void };
	let toDrop = dropAnswers;
	const server = createServer((req: IncomingMessage, res: ServerResponse) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			void (async () => {
				const answer = await fetch(target + (req.url ?? '/'), {
					method: req.method ?? 'POST',
					headers: { 'content-type': 'application/json' },
					body: Buffer.concat(chunks),
				});
				const text = await answer.text();
				state.forwarded++;
				if (toDrop > 0) {
					toDrop--;
					res.socket?.destroy();
					return;
				}
				res.writeHead(answer.status, { 'content-type': 'application/json' });
				res.end(text);
			})();
		});
	});
	state.url = await listen(server);
	state.close = () => closeServer(server);
	return state;
}

/** A stand-in platform answering whatever `answer` says, recording the bodies it received. */
export async function startFakePlatform(
	answer: (body: string) => { status: number; body: string },
): Promise<{ url: string; received: string[]; close(): Promise<void> }> {
	const received: string[] = [];
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const body = Buffer.concat(chunks).toString('utf8');
			received.push(body);
			const { status, body: text } = answer(body);
			res.writeHead(status, { 'content-type': 'application/json' });
			res.end(text);
		});
	});
	const url = await listen(server);
	return { url, received, close: () => closeServer(server) };
}
