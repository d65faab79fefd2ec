/**
 * The load and soak run: two (or more) backend instances, each `createUaidHandler` with a Redis
 * store, sharing one real redis-server behind a round-robin proxy on loopback, the simulator in
 * its own process, and complete flows (sign → getMobile → validate) driven at a fixed rate.
 *
 * Every process is a child of this one and is stopped at the end, whatever happens.
 */
import { request as httpRequest } from 'node:http';
import { generateRsaKeyPair } from '../src/protocol/node/index.js';
import type { GetMobileRequest } from '../src/protocol/index.js';
import { deriveUaid } from '../src/simulator/uaid.js';
import { forkChild, rssOf, startRedis, type Child } from './children.js';
import type { BackendProcessSettings } from './processes/backend-process.js';
import type { ProxyProcessSettings } from './processes/proxy-process.js';
import type { SimulatorProcessSettings } from './processes/simulator-process.js';
import { mib, percentile } from './stats.js';

export interface SoakOptions {
	/** How long flows are started for. @default 300_000 */
	durationMs?: number;
	/** Flows started per minute: the platform's default quota. @default 10_000 */
	flowsPerMinute?: number;
	/** Backend instances behind the proxy. @default 2 */
	backends?: number;
	/**
	 * Token and traceId lifetime, in seconds. Shorter than the platform's 300 so that the stores
	 * reach their steady size (issued entries expiring as fast as new ones arrive) within the run,
	 * and a flat RSS can be told from a leak. @default 60
	 */
	ttlSeconds?: number;
	/** Most flows in flight at once; past it, starts wait (and are counted as late), so an overloaded machine queues work in the driver rather than in every socket. @default 256 */
	maxInFlight?: number;
	/** Longest a started flow may take before it counts as an error. @default 60_000 */
	flowTimeoutMs?: number;
	/** Progress lines (one per sample). @default none */
	log?: (line: string) => void;
	/** Interval of the progress/RSS samples. @default 30_000 */
	sampleEveryMs?: number;
}

export interface ProcessMemory {
	name: string;
	pid: number | undefined;
	rssStart: number | undefined;
	rssEnd: number | undefined;
	rssPeak: number | undefined;
}

export interface LatencySummary {
	p50: number;
	p99: number;
	max: number;
}

export interface SoakReport {
	durationMs: number;
	flowsPerMinute: number;
	backends: number;
	/** Flows the schedule called for. */
	scheduled: number;
	/** Flows started within the duration; fewer than `scheduled` when the machine could not keep the rate. */
	started: number;
	completed: number;
	errors: number;
	/** Errors by `stage:what`, e.g. `validate:HTTP 504 timeout`. */
	errorKinds: Record<string, number>;
	/** Flows that started more than a second after their slot (the machine could not keep up). */
	lateStarts: number;
	achievedPerMinute: number;
	latency: { flow: LatencySummary; sign: LatencySummary; getMobile: LatencySummary; validate: LatencySummary };
	processes: ProcessMemory[];
}

const APP_ID = '300011580392';
const APP_KEY = 'soak-appkey-not-a-secret';
const MSISDN = '13800138000';
const PAGE_ORIGIN = 'https://m.soak.test';
const UAID_SECRET = 'soak-uaid-secret';

class FlowError extends Error {
	constructor(readonly kind: string) {
		super(kind);
	}
}

async function call(stage: string, url: string, body: string, headers: Record<string, string>, signal: AbortSignal): Promise<any> {
	let response: Response;
	try {
		response = await fetch(url, { method: 'POST', body, headers, signal });
	} catch (error) {
		const cause = (error as { cause?: { code?: unknown } })?.cause?.code;
		throw new FlowError(`${stage}:${error instanceof Error ? error.name : 'error'}${typeof cause === 'string' ? ` ${cause}` : ''}`);
	}
	const text = await response.text().catch(() => '');
	let json: any;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	if (response.status !== 200) throw new FlowError(`${stage}:HTTP ${response.status} ${json?.error?.code ?? response.headers.get('x-proxy-error') ?? ''}`.trim());
	return json;
}

/**
 * getMobile as a phone makes it: every flow is another device, so each call opens its own
 * connection (no keep-alive pool shared by thousands of "phones", whose idle sockets the simulator
 * would close under a loaded event loop and make the pool race).
 */
function postFromDevice(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<{ status: number; text: string }> {
	return new Promise((resolve, reject) => {
		const request = httpRequest(url, { method: 'POST', agent: false, headers: { ...headers, 'content-length': Buffer.byteLength(body) }, timeout: timeoutMs }, (response) => {
			const chunks: Buffer[] = [];
			response.on('data', (chunk: Buffer) => chunks.push(chunk));
			response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
			response.on('error', reject);
		});
		request.on('timeout', () => request.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
		request.on('error', reject);
		request.end(body);
	});
}

async function getMobile(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<any> {
	let answer: { status: number; text: string };
	try {
		answer = await postFromDevice(url, body, headers, timeoutMs);
	} catch (error) {
		throw new FlowError(`getMobile:${(error as { code?: string }).code ?? String(error)}`);
	}
	if (answer.status !== 200) throw new FlowError(`getMobile:HTTP ${answer.status}`);
	try {
		return JSON.parse(answer.text);
	} catch {
		throw new FlowError('getMobile:not JSON');
	}
}

const summary = (values: number[]): LatencySummary => ({ p50: percentile(values, 50), p99: percentile(values, 99), max: values.length ? Math.max(...values) : Number.NaN });

export async function runSoak(options: SoakOptions = {}): Promise<SoakReport> {
	const durationMs = options.durationMs ?? 300_000;
	const flowsPerMinute = options.flowsPerMinute ?? 10_000;
	const backendCount = options.backends ?? 2;
	const ttlSeconds = options.ttlSeconds ?? 60;
	const maxInFlight = options.maxInFlight ?? 256;
	const flowTimeoutMs = options.flowTimeoutMs ?? 60_000;
	const sampleEveryMs = options.sampleEveryMs ?? 30_000;
	const log = options.log ?? (() => undefined);

	const children: Child[] = [];
	const peaks = new Map<Child, number>();
	const sampleRss = (): void => {
		for (const child of children) {
			const rss = rssOf(child.process.pid);
			if (rss !== undefined) peaks.set(child, Math.max(peaks.get(child) ?? 0, rss));
		}
	};
	try {
		const keys = generateRsaKeyPair({ bits: 2048 });
		const redis = await startRedis();
		children.push(redis);
		const simulatorSettings: SimulatorProcessSettings = {
			// The platform's quota is per appId and client IP; every soak flow comes from 127.0.0.1, so it is raised
			// above the driven rate (fixed one-minute windows can see a little more than the average rate).
			app: { appId: APP_ID, appKey: APP_KEY, publicKey: keys.publicKey, rateLimitPerMinute: flowsPerMinute * 2 },
			tokenTtlSeconds: ttlSeconds,
			uaidSecret: UAID_SECRET,
		};
		const simulator = await forkChild('simulator', 'simulator-process.ts', simulatorSettings);
		children.push(simulator);
		const simulatorUrl = `http://127.0.0.1:${simulator.port}`;
		const backendSettings: BackendProcessSettings = {
			appId: APP_ID,
			appKey: APP_KEY,
			privateKey: keys.privateKey,
			validateUrl: `${simulatorUrl}/NumberAbility/h5/imeiTokenValidate.htm`,
			redisPort: redis.port,
			traceTtlMs: ttlSeconds * 1000,
			// All flows share one client IP here: the per-IP sign limit is set above the driven rate.
			signLimitPerMinute: flowsPerMinute * 2,
			allowedOrigin: PAGE_ORIGIN,
		};
		const backends = await Promise.all(Array.from({ length: backendCount }, (_, i) => forkChild(`backend ${i + 1}`, 'backend-process.ts', backendSettings)));
		children.push(...backends);
		const proxySettings: ProxyProcessSettings = { backendPorts: backends.map((b) => b.port) };
		const proxy = await forkChild('proxy', 'proxy-process.ts', proxySettings);
		children.push(proxy);
		const proxyUrl = `http://127.0.0.1:${proxy.port}/uaid`;
		const getMobileUrl = `${simulatorUrl}/h5/getMobile`;
		const expectedUaid = deriveUaid(UAID_SECRET, APP_ID, MSISDN);

		const rssStart = new Map(children.map((child) => [child, rssOf(child.process.pid)]));
		sampleRss();

		const latencies = { flow: [] as number[], sign: [] as number[], getMobile: [] as number[], validate: [] as number[] };
		const errorKinds: Record<string, number> = {};
		let started = 0;
		let completed = 0;
		let errors = 0;
		let inFlight = 0;
		let lateStarts = 0;

		async function flow(): Promise<void> {
			const signal = AbortSignal.timeout(flowTimeoutMs);
			const json = { origin: PAGE_ORIGIN, 'content-type': 'application/json' };
			const t0 = performance.now();
			try {
				const signed = (await call('sign', `${proxyUrl}/sign`, '{}', json, signal)) as GetMobileRequest;
				const t1 = performance.now();
				// As the browser posts it: text/plain, from the page's origin.
				const answer = await getMobile(getMobileUrl, JSON.stringify(signed), { origin: PAGE_ORIGIN, referer: `${PAGE_ORIGIN}/`, 'content-type': 'text/plain;charset=UTF-8' }, flowTimeoutMs);
				if (answer?.body?.resultCode !== '103000') throw new FlowError(`getMobile:${answer?.body?.resultCode ?? 'no answer'}`);
				const t2 = performance.now();
				const validated = await call('validate', `${proxyUrl}/validate`, JSON.stringify({ token: answer.body.token, traceId: signed.traceId }), json, signal);
				if (validated?.uaid !== expectedUaid) throw new FlowError('validate:wrong UAID');
				const t3 = performance.now();
				latencies.sign.push(t1 - t0);
				latencies.getMobile.push(t2 - t1);
				latencies.validate.push(t3 - t2);
				latencies.flow.push(t3 - t0);
				completed++;
			} catch (error) {
				errors++;
				const kind = error instanceof FlowError ? error.kind : `driver:${String(error)}`;
				errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
			}
		}

		const pending = new Set<Promise<void>>();
		const scheduled = Math.floor((durationMs * flowsPerMinute) / 60_000);
		const begin = performance.now();
		let nextSample = sampleEveryMs;
		log(`driving ${flowsPerMinute} flows/min for ${Math.round(durationMs / 1000)} s through ${backendCount} backends (${scheduled} flows)`);
		// Flows start on schedule for `durationMs`; what a slow machine could not start by then is reported, not started later.
		for (;;) {
			const elapsed = performance.now() - begin;
			if (elapsed >= durationMs || started >= scheduled) break;
			const due = Math.min(scheduled, Math.floor((elapsed * flowsPerMinute) / 60_000) + 1);
			while (started < due && inFlight < maxInFlight) {
				// A flow more than a second behind its slot in the schedule started late.
				if (elapsed - (started * 60_000) / flowsPerMinute > 1000) lateStarts++;
				started++;
				inFlight++;
				const p = flow().finally(() => {
					inFlight--;
					pending.delete(p);
				});
				pending.add(p);
			}
			if (elapsed >= nextSample) {
				nextSample += sampleEveryMs;
				sampleRss();
				const kinds = Object.entries(errorKinds).map(([kind, n]) => `${kind} ×${n}`).join(', ');
				log(`${Math.round(elapsed / 1000)} s: ${completed} completed, ${errors} errors${kinds ? ` (${kinds})` : ''}, ${inFlight} in flight; RSS ${children.map((c) => `${c.name} ${mib(rssOf(c.process.pid))}`).join(', ')}`);
			}
			await new Promise((resolve) => setTimeout(resolve, 5));
		}
		await Promise.all(pending);
		// Throughput over the driven period: flows completed per minute from the first start to the last answer.
		const elapsed = performance.now() - begin;
		sampleRss();

		return {
			durationMs,
			flowsPerMinute,
			backends: backendCount,
			scheduled,
			started,
			completed,
			errors,
			errorKinds,
			lateStarts,
			achievedPerMinute: Math.round((completed / elapsed) * 60_000),
			latency: { flow: summary(latencies.flow), sign: summary(latencies.sign), getMobile: summary(latencies.getMobile), validate: summary(latencies.validate) },
			processes: children.map((child) => ({ name: child.name, pid: child.process.pid, rssStart: rssStart.get(child), rssEnd: rssOf(child.process.pid), rssPeak: peaks.get(child) })),
		};
	} finally {
		await Promise.all(children.map((child) => child.stop()));
	}
}

const ms = (value: number): string => (Number.isNaN(value) ? 'n/a' : `${value.toFixed(1)} ms`);

export function formatReport(report: SoakReport): string {
	const lines = [
		`soak: ${report.flowsPerMinute} flows/min for ${Math.round(report.durationMs / 1000)} s, ${report.backends} backends + 1 redis-server behind a round-robin proxy`,
		`flows: ${report.scheduled} scheduled, ${report.started} started, ${report.completed} completed, ${report.errors} errors (achieved ${report.achievedPerMinute}/min, ${report.lateStarts} late starts${report.started < report.scheduled ? `, ${report.scheduled - report.started} not started: the machine could not keep the rate` : ''})`,
	];
	for (const [kind, count] of Object.entries(report.errorKinds)) lines.push(`  error ${kind}: ${count}`);
	for (const [step, l] of Object.entries(report.latency)) lines.push(`latency ${step.padEnd(9)} p50 ${ms(l.p50)}  p99 ${ms(l.p99)}  max ${ms(l.max)}`);
	lines.push('RSS (start → end, peak):');
	for (const p of report.processes) lines.push(`  ${p.name.padEnd(12)} pid ${String(p.pid).padEnd(7)} ${mib(p.rssStart)} → ${mib(p.rssEnd)} (peak ${mib(p.rssPeak)})`);
	return lines.join('\n');
}
