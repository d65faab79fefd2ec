/**
 * One complete flow as a phone and a page make it — sign at the backend (through the proxy),
 * getMobile at the simulator, validate at the backend — timed step by step, and the replay a
 * double click or a retrying client sends afterwards.
 */
import { Agent, request as httpRequest } from 'node:http';
import type { GetMobileRequest } from '../src/protocol/index.js';

export const PAGE_ORIGIN = 'https://m.soak.test';

/** A step that did not answer as a successful flow needs; `kind` is `stage:what`, e.g. `validate:503 store-unavailable`. */
class FlowError extends Error {
	constructor(readonly kind: string) {
		super(kind);
	}
}

/** Milliseconds on the run's clock of each point of one flow. */
interface FlowTimes {
	/** Its slot in the fixed-rate schedule: latency is counted from here, so a late start is not hidden (coordinated omission). */
	scheduledAt: number;
	startedAt: number;
	signedAt: number;
	tokenAt: number;
	validatedAt: number;
}

export interface FlowResult extends FlowTimes {
	/** Set when the flow failed; the times after the failed step are NaN. */
	error?: string;
	/** When the error was answered. */
	endedAt: number;
	traceId?: string;
	token?: string;
}

interface Answer {
	status: number;
	text: string;
}

function post(url: string, body: string, headers: Record<string, string>, agent: Agent | false, timeoutMs: number): Promise<Answer> {
	return new Promise((resolve, reject) => {
		const request = httpRequest(
			url,
			{ method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) }, timeout: timeoutMs },
			(response) => {
				const chunks: Buffer[] = [];
				response.on('data', (chunk: Buffer) => chunks.push(chunk));
				response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
				response.on('error', reject);
			},
		);
		request.on('timeout', () => request.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
		request.on('error', (error) => reject(Object.assign(error, { reusedSocket: request.reusedSocket })));
		request.end(body);
	});
}

/** A transport failure as an error kind: its code, and whether it happened on a kept-alive connection taken from the pool. */
function failure(error: unknown): string {
	const { code, reusedSocket } = error as { code?: string; reusedSocket?: boolean };
	return `${code ?? String(error)}${reusedSocket ? ' (reused connection)' : ''}`;
}

function parse(text: string): any {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

export interface FlowTargets {
	/** `http://127.0.0.1:<proxy>/uaid` */
	backendUrl: string;
	getMobileUrl: string;
	expectedUaid: string;
	timeoutMs: number;
}

export function createFlowRunner({ backendUrl, getMobileUrl, expectedUaid, timeoutMs }: FlowTargets, now: () => number) {
	// The page's calls to its backend reuse connections as a browser does with one origin; see getMobile below for the phone's.
	const agent = new Agent({ keepAlive: true, maxSockets: 512 });
	const json = { origin: PAGE_ORIGIN, 'content-type': 'application/json' };

	async function backend(stage: string, path: string, body: string): Promise<any> {
		let answer: Answer;
		try {
			answer = await post(`${backendUrl}/${path}`, body, json, agent, timeoutMs);
		} catch (error) {
			throw new FlowError(`${stage}:${failure(error)}`);
		}
		const parsed = parse(answer.text);
		if (answer.status !== 200) throw new FlowError(`${stage}:${answer.status} ${parsed?.error?.code ?? answer.text.slice(0, 40)}`.trim());
		return parsed;
	}

	// getMobile stands for China Mobile's platform: a real phone pays its own connection set-up on the
	// real network, which loopback cannot reproduce; a fresh loopback connection per flow would only
	// spend the shared cores on the driver's connect and the simulator's accept.
	const phones = new Agent({ keepAlive: true, maxSockets: 512 });

	async function getMobile(signed: GetMobileRequest): Promise<string> {
		const body = JSON.stringify(signed);
		const headers = { origin: PAGE_ORIGIN, referer: `${PAGE_ORIGIN}/`, 'content-type': 'text/plain;charset=UTF-8' };
		let answer: Answer;
		try {
			answer = await post(getMobileUrl, body, headers, phones, timeoutMs).catch(
				(error: NodeJS.ErrnoException & { reusedSocket?: boolean }) => {
					// The simulator closed an idle connection just as it was reused: the request never arrived, so it is
					// sent once more, on a new connection (the pool may hold other sockets the simulator closed at the same time).
					if (error.reusedSocket && error.code === 'ECONNRESET') return post(getMobileUrl, body, headers, false, timeoutMs);
					throw error;
				},
			);
		} catch (error) {
			throw new FlowError(`getMobile:${failure(error)}`);
		}
		const parsed = parse(answer.text)?.body;
		if (answer.status !== 200 || parsed?.resultCode !== '103000' || typeof parsed.token !== 'string')
			throw new FlowError(`getMobile:${answer.status} ${parsed?.resultCode ?? ''}`.trim());
		return parsed.token;
	}

	return {
		async run(scheduledAt: number): Promise<FlowResult> {
			const times: FlowTimes = { scheduledAt, startedAt: now(), signedAt: Number.NaN, tokenAt: Number.NaN, validatedAt: Number.NaN };
			let traceId: string | undefined;
			let token: string | undefined;
			try {
				const signed = (await backend('sign', 'sign', '{}')) as GetMobileRequest;
				traceId = signed.traceId;
				times.signedAt = now();
				token = await getMobile(signed);
				times.tokenAt = now();
				const validated = await backend('validate', 'validate', JSON.stringify({ token, traceId }));
				if (validated?.uaid !== expectedUaid) throw new FlowError('validate:wrong UAID');
				times.validatedAt = now();
				return { ...times, endedAt: times.validatedAt, traceId, token };
			} catch (error) {
				const kind = error instanceof FlowError ? error.kind : `driver:${String(error)}`;
				return { ...times, error: kind, endedAt: now(), traceId, token };
			}
		},

		/** Validates a flow's traceId and token again: `replayed` is right, `success` is a second UAID for one traceId. */
		async replay(traceId: string, token: string): Promise<string> {
			try {
				await backend('replay', 'validate', JSON.stringify({ token, traceId }));
				return 'success';
			} catch (error) {
				const kind = error instanceof FlowError ? error.kind : String(error);
				return kind === 'replay:409 replayed-trace' ? 'replayed' : kind;
			}
		},

		close(): void {
			agent.destroy();
			phones.destroy();
		},
	};
}

export type FlowRunner = ReturnType<typeof createFlowRunner>;
