/**
 * The load and soak run: two (or more) backend instances, each `createUaidHandler` with a Redis
 * store — one real redis-server, or a six-node Redis Cluster with `cluster` — behind a
 * round-robin proxy on loopback, the simulator in its own process, and complete flows (sign →
 * getMobile → validate) driven at a fixed rate, reported minute by minute. With `failoverAtMs`
 * a cluster master is SIGKILLed at that time.
 *
 * Every process is a child of this one and is stopped at the end, whatever happens.
 */
import { loadavg } from 'node:os';
import { generateRsaKeyPair } from '../src/protocol/node/index.js';
import { deriveUaid } from '../src/simulator/uaid.js';
import { startRedis, type Child } from '../tools/children.js';
import { forkChild } from './fork-child.js';
import { LoadDriver } from './driver.js';
import { failOver, type FailoverReport } from './failover.js';
import { createFlowRunner, PAGE_ORIGIN } from './flows.js';
import { Minutes, type Watched } from './minutes.js';
import type { BackendProcessSettings } from './processes/backend-process.js';
import type { DurationsMessage } from './processes/server-durations.js';
import type { ProxyProcessSettings } from './processes/proxy-process.js';
import type { SimulatorProcessSettings } from './processes/simulator-process.js';
import { progressLine } from './report.js';
import type { SoakReport } from './soak-report.js';

export type { SoakReport } from './soak-report.js';
import { startRedisCluster, type RunningRedisCluster } from '../tools/redis-cluster.js';

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
	/** Most flows in flight at once; past it, starts wait in the driver and their wait counts in their latency. @default 512 */
	maxInFlight?: number;
	/** Longest a step may take before the flow counts as an error. @default 60_000 */
	flowTimeoutMs?: number;
	/** A six-node Redis Cluster (3 masters, 3 replicas) instead of one redis-server. @default false */
	cluster?: boolean;
	/** With `cluster`: when (from the first flow) to SIGKILL a master. @default no failover */
	failoverAtMs?: number;
	/** The first part of the run, left out of the overall latency and the per-minute verdicts. @default 0 */
	warmupMs?: number;
	/** The width of a row of the report. @default 60_000 */
	minuteMs?: number;
	/** One completed flow in this many is validated a second time at once. @default 10 */
	replayEvery?: number;
	/** Progress lines (one per minute). @default none */
	log?: (line: string) => void;
}

const APP_ID = '300011580392';
const APP_KEY = 'soak-appkey-not-a-secret';
const MSISDN = '13800138000';
const UAID_SECRET = 'soak-uaid-secret';
const KEY_PREFIX = 'soak:';
/** After the cluster reports the failover done, flows failing this much later still count as the failover's. */
const FAILOVER_GRACE_MS = 5_000;

const add = (counts: Record<string, number>, kind: string, n = 1): void => {
	counts[kind] = (counts[kind] ?? 0) + n;
};

export async function runSoak(options: SoakOptions = {}): Promise<SoakReport> {
	const {
		durationMs = 300_000,
		flowsPerMinute = 10_000,
		backends: backendCount = 2,
		ttlSeconds = 60,
		maxInFlight = 512,
		flowTimeoutMs = 60_000,
	} = options;
	const { cluster: useCluster = false, failoverAtMs, warmupMs = 0, minuteMs = 60_000, replayEvery = 10, log = () => undefined } = options;
	if (failoverAtMs !== undefined && !useCluster) throw new Error('a failover needs the cluster (--cluster)');

	const children: Child[] = [];
	let cluster: RunningRedisCluster | undefined;
	const loadStart = loadavg()[0]!;
	try {
		const keys = generateRsaKeyPair({ bits: 2048 });
		let redis: BackendProcessSettings['redis'];
		const watchedRedis: Watched[] = [];
		if (useCluster) {
			cluster = await startRedisCluster();
			redis = { cluster: [...cluster.startupNodes] };
			watchedRedis.push(...cluster.nodes.map((node, i) => ({ name: `redis-${i + 1}`, pid: node.process.pid })));
		} else {
			const server = await startRedis();
			children.push(server);
			redis = { port: server.port };
		}
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
			redis,
			traceTtlMs: ttlSeconds * 1000,
			// All flows share one client IP here: the per-IP sign limit is set above the driven rate.
			signLimitPerMinute: flowsPerMinute * 2,
			allowedOrigin: PAGE_ORIGIN,
		};
		const backends = await Promise.all(
			Array.from({ length: backendCount }, (_, i) => forkChild(`backend ${i + 1}`, 'backend-process.ts', backendSettings)),
		);
		children.push(...backends);
		const proxySettings: ProxyProcessSettings = { backendPorts: backends.map((b) => b.port) };
		const proxy = await forkChild('proxy', 'proxy-process.ts', proxySettings);
		children.push(proxy);

		const watched: Watched[] = [
			...watchedRedis,
			...children.map((c) => ({ name: c.name, pid: c.process.pid })),
			{ name: 'driver', pid: process.pid },
		];
		const begin = performance.now();
		const now = (): number => performance.now() - begin;
		const minutes = new Minutes(minuteMs, () => watched);
		// The backends' own request durations (their server spans), on the run's clock: span ends are epoch milliseconds.
		const beginEpoch = performance.timeOrigin + begin;
		for (const backend of backends) {
			backend.process.on('message', (message: DurationsMessage) => {
				if (message?.type !== 'durations') return;
				// A request still running when the schedule ends counts in the last minute, as its flow does.
				for (const [endpoint, endedAt, spanMs] of message.spans)
					minutes.serverSpan(endpoint, Math.min(endedAt - beginEpoch, durationMs - 1), spanMs);
			});
		}
		const runner = createFlowRunner(
			{
				backendUrl: `http://127.0.0.1:${proxy.port}/uaid`,
				getMobileUrl: `${simulatorUrl}/h5/getMobile`,
				expectedUaid: deriveUaid(UAID_SECRET, APP_ID, MSISDN),
				timeoutMs: flowTimeoutMs,
			},
			now,
		);
		const driver = new LoadDriver(runner, minutes, { durationMs, flowsPerMinute, maxInFlight, replayEvery, now });
		const rows = Math.ceil(durationMs / minuteMs);
		const peaks = new Map<string, number>();
		const timers: NodeJS.Timeout[] = [];
		for (let k = 1; k < rows; k++) {
			timers.push(
				setTimeout(() => {
					minutes.sample();
					const row = minutes.row(k - 1);
					for (const [name, rss] of Object.entries(row.rss)) if (rss !== undefined) peaks.set(name, Math.max(peaks.get(name) ?? 0, rss));
					log(progressLine(row, driver.inFlight));
				}, k * minuteMs),
			);
		}
		let failover: Promise<FailoverReport> | undefined;
		if (cluster && failoverAtMs !== undefined) {
			const target = cluster;
			timers.push(
				setTimeout(() => {
					failover = failOver(target, driver, `${KEY_PREFIX}rate:sign:127.0.0.1`, now);
					// Awaited once the flows have ended; until then a failure must not end the process as unhandled.
					failover.catch(() => undefined);
				}, failoverAtMs),
			);
		}
		log(
			`driving ${flowsPerMinute} flows/min for ${Math.round(durationMs / 1000)} s through ${backendCount} backends on ${useCluster ? 'a Redis Cluster (3 masters, 3 replicas)' : 'one redis-server'}${failoverAtMs !== undefined ? `, a master SIGKILLed at ${Math.round(failoverAtMs / 1000)} s` : ''}`,
		);
		try {
			await driver.run();
		} finally {
			for (const timer of timers) clearTimeout(timer);
		}
		const elapsed = now();
		// The backends send their spans every 250 ms: the last flows' arrive before the report is made.
		await new Promise((resolve) => setTimeout(resolve, 600));
		const failed = await failover;
		minutes.sample();
		minutes.close();
		runner.close();

		const allRows = Array.from({ length: Math.max(rows, minutes.count) }, (_, i) => minutes.row(i));
		for (const row of allRows)
			for (const [name, rss] of Object.entries(row.rss)) if (rss !== undefined) peaks.set(name, Math.max(peaks.get(name) ?? 0, rss));
		const windowEndAt = failed ? failed.clusterOkAt + FAILOVER_GRACE_MS : Number.NaN;
		const inWindow = (at: number): boolean => failed !== undefined && at >= failed.killedAt && at <= windowEndAt;
		const errorKinds: Record<string, number> = {};
		const errorsOutsideFailover: Record<string, number> = {};
		for (const flow of driver.failed) {
			add(errorKinds, flow.kind);
			if (!inWindow(flow.endedAt)) add(errorsOutsideFailover, flow.kind);
		}
		// The minutes the window overlaps, and those whose flows (counted by their scheduled start) failed in it on a machine running late.
		const failoverMinuteSet = new Set<number>();
		if (failed)
			for (let i = Math.floor(failed.killedAt / minuteMs); i <= Math.floor(windowEndAt / minuteMs); i++) failoverMinuteSet.add(i + 1);
		for (const flow of driver.failed) if (inWindow(flow.endedAt)) failoverMinuteSet.add(Math.floor(flow.scheduledAt / minuteMs) + 1);
		const failoverMinutes = [...failoverMinuteSet].sort((a, b) => a - b);
		const replays = { ...driver.replays };
		for (const [kind, n] of Object.entries(failed?.replayed ?? {})) add(replays, kind, n);
		const warmupRows = Math.ceil(warmupMs / minuteMs);
		const last = allRows.at(-1)!;

		return {
			durationMs,
			flowsPerMinute,
			backends: backendCount,
			cluster: useCluster,
			warmupMs,
			minuteMs,
			scheduled: driver.scheduled,
			started: driver.started,
			completed: driver.completed,
			errors: driver.failed.length,
			errorKinds,
			errorsOutsideFailover,
			lateStarts: driver.lateStarts,
			achievedPerMinute: Math.round((driver.completed / elapsed) * 60_000),
			latency: minutes.flowLatencies(warmupRows, new Set(failoverMinutes.map((m) => m - 1))),
			minutes: allRows,
			failoverMinutes,
			processes: watched.map(({ name, pid }) => ({
				name,
				pid,
				rssStart: minutes.startRss(name),
				rssEnd: last.rss[name],
				rssPeak: peaks.get(name),
			})),
			replays,
			doubleSuccesses: replays.success ?? 0,
			...(failed && {
				failover: {
					...failed,
					windowEndAt,
					lastErrorAt: driver.failed
						.filter((f) => inWindow(f.endedAt))
						.reduce<number | undefined>((latest, f) => Math.max(latest ?? 0, f.endedAt), undefined),
				},
			}),
			loadAverage: { start: loadStart, end: loadavg()[0]! },
		};
	} finally {
		await Promise.all(children.map((child) => child.stop()));
		await cluster?.stop();
	}
}
