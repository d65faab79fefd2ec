import { Agent, request as httpRequest } from 'node:http';
import type { GetMobileRequest } from '../../src/protocol/fields.js';

/** The page origin the load plays; the bench backend allows it. */
export const BENCH_ORIGIN = 'https://m.example.com';

/** Milliseconds from a monotonic clock. */
export const now = (): number => performance.now();

interface Answer {
	status: number;
	text: string;
}

/**
 * POSTs one body over a keep-alive agent and reads the whole answer. `node:http` rather than
 * fetch: its client costs less CPU, which on two cores is CPU the servers under test keep.
 */
export function post(agent: Agent, url: string, body: string, headers: Record<string, string>): Promise<Answer> {
	return new Promise((resolve, reject) => {
		const req = httpRequest(
			url,
			{ method: 'POST', agent, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } },
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (chunk: Buffer) => chunks.push(chunk));
				res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
				res.on('error', reject);
			},
		);
		req.setTimeout(10_000, () => req.destroy(new Error(`no answer from ${url} in 10 s`)));
		req.on('error', reject);
		req.end(body);
	});
}

/** How long each step of one flow took, in ms. */
export interface FlowTiming {
	sign: number;
	getMobile: number;
	validate: number;
	total: number;
}

/**
 * One complete flow as a browser makes it: sign at the backend, getMobile at the simulator (the
 * signed body as `text/plain`, as the client sends it), validate at the backend (which RSA-signs
 * and calls the simulator's imeiTokenValidate).
 */
export class FlowClient {
	readonly #agent = new Agent({ keepAlive: true, maxSockets: 256 });
	readonly #signUrl: string;
	readonly #validateUrl: string;
	readonly #getMobileUrl: string;
	readonly #json = { 'content-type': 'application/json', origin: BENCH_ORIGIN };

	constructor(backendUrl: string, simulatorUrl: string) {
		this.#signUrl = `${backendUrl}/uaid/sign`;
		this.#validateUrl = `${backendUrl}/uaid/validate`;
		this.#getMobileUrl = `${simulatorUrl}/h5/getMobile`;
	}

	async sign(): Promise<GetMobileRequest> {
		const answer = await post(this.#agent, this.#signUrl, '{}', this.#json);
		if (answer.status !== 200) throw new Error(`sign answered ${answer.status}: ${answer.text.slice(0, 200)}`);
		return JSON.parse(answer.text) as GetMobileRequest;
	}

	async getMobile(signed: GetMobileRequest): Promise<string> {
		const answer = await post(this.#agent, this.#getMobileUrl, JSON.stringify(signed), {
			'content-type': 'text/plain;charset=UTF-8',
			origin: BENCH_ORIGIN,
			referer: `${BENCH_ORIGIN}/`,
		});
		const parsed = JSON.parse(answer.text) as { body?: { resultCode?: string; token?: string } };
		if (parsed.body?.resultCode !== '103000' || !parsed.body.token) throw new Error(`getMobile answered ${answer.text.slice(0, 200)}`);
		return parsed.body.token;
	}

	async validate(token: string, traceId: string): Promise<string> {
		const answer = await post(this.#agent, this.#validateUrl, JSON.stringify({ token, traceId }), this.#json);
		if (answer.status !== 200) throw new Error(`validate answered ${answer.status}: ${answer.text.slice(0, 200)}`);
		return (JSON.parse(answer.text) as { uaid: string }).uaid;
	}

	/** One flow, timed step by step from `startedAt` (the intended start, for an open-loop schedule). */
	async flow(startedAt = now()): Promise<FlowTiming> {
		const signed = await this.sign();
		const t1 = now();
		const token = await this.getMobile(signed);
		const t2 = now();
		await this.validate(token, signed.traceId);
		const t3 = now();
		// Time spent waiting for the scheduled start counts against the first step (no coordinated omission).
		return { sign: t1 - startedAt, getMobile: t2 - t1, validate: t3 - t2, total: t3 - startedAt };
	}

	close(): void {
		this.#agent.destroy();
	}
}

/** A token from getMobile and the traceId sign issued for it: what the browser holds when it calls validate. */
export interface PreparedValidation {
	token: string;
	traceId: string;
}

/**
 * Runs `step` on `concurrency` workers, each calling it again until it answers false. A step
 * claims its piece of work before awaiting it, so no worker starts work that is no longer needed.
 */
async function onWorkers(concurrency: number, step: () => Promise<boolean>): Promise<void> {
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			while (await step());
		}),
	);
}

/** `count` sign + getMobile pairs, `concurrency` at a time, so that validations can then be timed alone. */
export async function prepareValidations(client: FlowClient, count: number, concurrency: number): Promise<PreparedValidation[]> {
	const prepared: PreparedValidation[] = [];
	let claimed = 0;
	await onWorkers(concurrency, async () => {
		if (claimed >= count) return false;
		claimed++;
		const signed = await client.sign();
		prepared.push({ token: await client.getMobile(signed), traceId: signed.traceId });
		return true;
	});
	return prepared;
}

/** Validates every prepared token, `concurrency` at a time; latency per validation in ms. */
export async function validateAll(
	client: FlowClient,
	prepared: readonly PreparedValidation[],
	concurrency: number,
): Promise<{ done: number; elapsedMs: number; latencies: number[] }> {
	const latencies: number[] = [];
	let next = 0;
	const started = now();
	await onWorkers(concurrency, async () => {
		const item = prepared[next++];
		if (!item) return false;
		const t0 = now();
		await client.validate(item.token, item.traceId);
		latencies.push(now() - t0);
		return true;
	});
	return { done: latencies.length, elapsedMs: now() - started, latencies };
}

/** Runs `concurrency` flows back to back until `count` have finished or `maxMs` has passed. */
export async function closedLoop(
	client: FlowClient,
	options: { concurrency: number; count?: number; maxMs: number; onFlow?: (done: number) => void | Promise<void> },
): Promise<{ done: number; elapsedMs: number; timings: FlowTiming[] }> {
	const timings: FlowTiming[] = [];
	const started = now();
	const deadline = started + options.maxMs;
	const limit = options.count ?? Number.POSITIVE_INFINITY;
	let issued = 0;
	await onWorkers(options.concurrency, async () => {
		if (issued >= limit || now() >= deadline) return false;
		issued++;
		timings.push(await client.flow());
		await options.onFlow?.(timings.length);
		return true;
	});
	return { done: timings.length, elapsedMs: now() - started, timings };
}

/**
 * Starts one flow every `1000 / ratePerSecond` ms for `durationMs`, whatever the earlier ones are
 * doing (open loop: an overloaded server shows as growing latency, not as a slower schedule).
 * Failed flows (e.g. the 10 s timeout of an overloaded server) are counted, not thrown.
 */
export async function openLoop(
	client: FlowClient,
	ratePerSecond: number,
	durationMs: number,
): Promise<{ timings: FlowTiming[]; failures: number; firstFailure?: string }> {
	const interval = 1000 / ratePerSecond;
	const total = Math.floor(durationMs / interval);
	const started = now();
	const timings: FlowTiming[] = [];
	let failures = 0;
	let firstFailure: string | undefined;
	const flows: Promise<void>[] = [];
	for (let i = 0; i < total; i++) {
		const due = started + i * interval;
		const wait = due - now();
		if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
		flows.push(
			client.flow(due).then(
				(timing) => void timings.push(timing),
				(error: unknown) => {
					failures++;
					firstFailure ??= error instanceof Error ? error.message : String(error);
				},
			),
		);
	}
	await Promise.all(flows);
	return { timings, failures, ...(firstFailure ? { firstFailure } : {}) };
}
