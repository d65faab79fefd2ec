import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signGetMobileRequest, type GetMobileRequest } from '../../../src/protocol/index.js';

export interface RecordedRequest {
	path: string;
	method: string;
	headers: IncomingMessage['headers'];
	body: string;
}

type Reply = { status?: number; body: string | object; delayMs?: number; contentType?: string } | 'drop';
/** A route override; `undefined` answers as the real route would. */
type Handler = (request: RecordedRequest) => Reply | undefined | Promise<Reply | undefined>;
type DefaultHandler = (request: RecordedRequest) => Reply;

/**
 * A typed test server on port 0 standing in for both the integrator's backend (`/uaid/sign`,
 * `/uaid/validate`) and China Mobile's getMobile (`/h5/getMobile`). Each route answers like the
 * real one unless a test overrides it; every request is recorded.
 */
export interface FakeUaidServer {
	url: string;
	signUrl: string;
	validateUrl: string;
	tokenUrl: string;
	requests: RecordedRequest[];
	requestsTo(path: string): RecordedRequest[];
	/** Overrides a route; a handler answering `undefined` falls back to the real behaviour. */
	on(path: string, handler: Handler): void;
	close(): Promise<void>;
}

const APP_KEY = 'test-app-key-never-in-browser';

export async function startFakeUaidServer(): Promise<FakeUaidServer> {
	const requests: RecordedRequest[] = [];
	const issuedTokens = new Map<string, string>();
	const routes = new Map<string, Handler>();
	let tokenCount = 0;

	const defaults: Record<string, DefaultHandler> = {
		'/uaid/sign': () => ({ body: signGetMobileRequest({ appId: '300011580392', appKey: APP_KEY }) }),
		'/h5/getMobile': (request) => {
			const signed = JSON.parse(request.body) as GetMobileRequest;
			const token = `H5HTTPS${(++tokenCount).toString(16).toUpperCase().padStart(32, '0')}`;
			issuedTokens.set(token, signed.traceId);
			return {
				body: {
					header: { appId: signed.appId, msgId: signed.msgId, timestamp: signed.timestamp },
					body: { resultCode: '103000', resultDesc: '成功', expandParams: '', token },
				},
			};
		},
		'/uaid/validate': (request) => {
			const { token, traceId } = JSON.parse(request.body) as { token: string; traceId: string };
			if (issuedTokens.get(token) !== traceId)
				return {
					status: 400,
					body: { error: { code: 'token-expired', message: 'Token unknown.', platformCode: '120009', retryable: true } },
				};
			issuedTokens.delete(token);
			return { body: { uaid: 'a'.repeat(48) + tokenCount.toString(16).padStart(16, '0'), traceId } };
		},
	};

	const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const recorded: RecordedRequest = {
			path: req.url ?? '',
			method: req.method ?? '',
			headers: req.headers,
			body: Buffer.concat(chunks).toString('utf8'),
		};
		requests.push(recorded);
		const fallback = defaults[recorded.path];
		const reply = (await routes.get(recorded.path)?.(recorded)) ?? fallback?.(recorded);
		if (!reply) {
			res.writeHead(404).end();
			return;
		}
		if (reply === 'drop') {
			req.socket.destroy();
			return;
		}
		if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
		if (res.destroyed) return;
		const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
		res.writeHead(reply.status ?? 200, { 'content-type': reply.contentType ?? 'application/json; charset=utf-8' }).end(text);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return {
		url,
		signUrl: `${url}/uaid/sign`,
		validateUrl: `${url}/uaid/validate`,
		tokenUrl: `${url}/h5/getMobile`,
		requests,
		requestsTo: (path) => requests.filter((r) => r.path === path),
		on: (path, handler) => routes.set(path, handler),
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

export function platformAnswer(resultCode: string, resultDesc: string): { body: object } {
	return {
		body: {
			header: { appId: '300011580392', msgId: 'm', timestamp: '20260101000000000' },
			body: { resultCode, resultDesc, expandParams: '' },
		},
	};
}
