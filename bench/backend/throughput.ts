import { createPrivateKey, sign as cryptoSign } from 'node:crypto';
import autocannon from 'autocannon';
import { DEMO_PRIVATE_KEY } from '../../src/simulator/index.js';
import { startChild, type BenchChild } from '../support/child.js';
import { benchCoverageLookup, COVERAGE_ADDRESSES } from './coverage-lookup.js';
import { BENCH_ORIGIN, closedLoop, FlowClient, now, openLoop, prepareValidations, validateAll } from '../support/flow-client.js';
import { micros, ms, perSecond, ratio, summarise, table, verdict } from '../../tools/stats.js';

export interface ThroughputOptions {
	/** Seconds of each autocannon run. */
	seconds: number;
	/** autocannon connections. */
	connections: number;
	/** Concurrent flows in the closed-loop validate run. */
	flowConcurrency: number;
	/** Seconds of the open-loop run at the platform's default quota. */
	quotaSeconds: number;
	/** Validations timed on their own (tokens prepared beforehand). */
	validations: number;
	/** ip2regionCoverage() lookups timed per address, in-process. */
	lookups: number;
}

/** The platform's default getMobile quota per appId (and client IP): 10,000 a minute. */
const QUOTA_PER_MINUTE = 10_000;

/** What a sign request carries: `{}` from the page's origin, through a proxy that names a China Mobile address. */
const SIGN_REQUEST = {
	method: 'POST',
	headers: { 'content-type': 'application/json', origin: BENCH_ORIGIN, 'x-forwarded-for': COVERAGE_ADDRESSES['China Mobile IPv4'] },
	body: '{}',
} as const;
/** A coverage request as a page sends it on load: a GET, no body. */
const COVERAGE_REQUEST = {
	method: 'GET',
	headers: { origin: BENCH_ORIGIN, 'x-forwarded-for': COVERAGE_ADDRESSES['China Mobile IPv4'] },
} as const;

/** One autocannon run, and the CPU the server process spent per request during it. */
async function cannon(
	url: string,
	options: ThroughputOptions,
	server: BenchChild,
	seconds = options.seconds,
	request: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: string } = SIGN_REQUEST,
): Promise<autocannon.Result & { cpuPerRequest: number }> {
	const before = (await server.memory()).cpuMicros;
	const result = await autocannon({
		url,
		...request,
		connections: options.connections,
		pipelining: 1,
		duration: seconds,
	});
	const after = (await server.memory()).cpuMicros;
	return Object.assign(result, { cpuPerRequest: (after - before) / Math.max(1, result.requests.total) });
}

function checkCannon(result: autocannon.Result, name: string): void {
	const failed = result.errors + result.timeouts + result.non2xx;
	if (failed > 0) throw new Error(`${name}: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx answers`);
}

/** Raw signing rate: `crypto.sign` with the demo key (2048-bit RSA, MD5withRSA) in a tight loop on this thread. */
export function rawSignRate(seconds: number): { perSecond: number; count: number } {
	const key = createPrivateKey({ key: Buffer.from(DEMO_PRIVATE_KEY, 'base64'), format: 'der', type: 'pkcs8' });
	// The same shape the kit signs: appId + msgId + timestamp + token + version.
	const content = Buffer.from(`300011580392${'a'.repeat(32)}20261128105540980H5HTTPS${'A'.repeat(32)}2.0`, 'utf8');
	for (let i = 0; i < 50; i++) cryptoSign('RSA-MD5', content, key);
	let count = 0;
	const started = now();
	const until = started + seconds * 1000;
	while (now() < until) {
		for (let i = 0; i < 20; i++) cryptoSign('RSA-MD5', content, key);
		count += 20;
	}
	return { perSecond: (count * 1000) / (now() - started), count };
}

/** The three ratios of part 3, as `bench --json` writes them. */
export interface BackendFigures {
	/** sign req/s ÷ bare node:http req/s. */
	signVsBare: number;
	/** validate flows/s ÷ raw `crypto.sign` RSA-MD5 2048 signatures/s. */
	validateVsRsa: number;
	/** whole flows (sign + getMobile + validate)/s ÷ raw `crypto.sign` signatures/s. */
	wholeVsRsa: number;
	/** sign req/s ÷ the floor server's sign req/s (the same request with only the protocol's work). */
	signVsFloor: number;
	/** validate flows/s ÷ the floor server's validate flows/s. */
	validateVsFloor: number;
}

/**
 * Part 3: `sign` req/s against a bare `node:http` server, complete validate flows/s against the
 * raw RSA signing rate, and latency at the platform's default quota. Returns the printed report.
 */
export async function benchThroughput(options: ThroughputOptions, print: (line: string) => void): Promise<BackendFigures> {
	const children: BenchChild[] = [];
	try {
		const simulator = await startChild('backend/simulator-server.ts', { rateLimitPerMinute: 100_000_000 });
		children.push(simulator);
		const backend = await startChild('backend/backend-server.ts', {
			validateUrl: `${simulator.url}/NumberAbility/h5/imeiTokenValidate.htm`,
			coverage: true,
		});
		children.push(backend);
		const flows = new FlowClient(backend.url, simulator.url);
		// The baseline answers with a real sign answer, byte for byte the same size.
		const signBody = JSON.stringify(await flows.sign());
		const bare = await startChild('backend/bare-server.ts', { body: signBody });
		children.push(bare);

		const step = (what: string) => process.stderr.write(`  … ${what}\n`);
		step('warming up');
		// Warm-up: JIT, connection pools, the store's first allocations.
		await cannon(bare.url, options, bare, 2);
		await cannon(`${backend.url}/uaid/sign`, options, backend, 2);
		step('bare server');
		const bareResult = await cannon(bare.url, options, bare);
		checkCannon(bareResult, 'bare server');
		step('sign');
		const signResult = await cannon(`${backend.url}/uaid/sign`, options, backend);
		checkCannon(signResult, 'sign');
		const signRatio = signResult.requests.average / bareResult.requests.average;
		step('coverage');
		await cannon(`${backend.url}/uaid/coverage`, options, backend, 2, COVERAGE_REQUEST);
		const coverageResult = await cannon(`${backend.url}/uaid/coverage`, options, backend, options.seconds, COVERAGE_REQUEST);
		checkCannon(coverageResult, 'coverage');

		step('crypto.sign');
		const raw = rawSignRate(3);
		step(`${options.validations.toLocaleString('en-US')} tokens for the validate run`);
		// A validate flow is what one POST /uaid/validate sets off: the backend's RSA signature, its
		// imeiTokenValidate call to the simulator, the answer. Its tokens are fetched first, so the
		// timed run is validations only.
		const warmUp = Math.ceil(options.validations / 5);
		const prepared = await prepareValidations(flows, warmUp + options.validations, options.flowConcurrency);
		step('validate flows');
		// Warm-up (untimed): the JIT, and the keep-alive connections from the backend to the platform.
		await validateAll(flows, prepared.splice(0, warmUp), options.flowConcurrency);
		const validateCpuBefore = [(await backend.memory()).cpuMicros, (await simulator.memory()).cpuMicros];
		const validateDriverBefore = process.cpuUsage();
		const validateRun = await validateAll(flows, prepared, options.flowConcurrency);
		const validateDriverUsed = process.cpuUsage(validateDriverBefore);
		const validateCpu = ((await backend.memory()).cpuMicros - validateCpuBefore[0]!) / validateRun.done;
		const validateSimulatorCpu = ((await simulator.memory()).cpuMicros - validateCpuBefore[1]!) / validateRun.done;
		const validateDriverCpu = (validateDriverUsed.user + validateDriverUsed.system) / validateRun.done;
		const validateRate = (validateRun.done * 1000) / validateRun.elapsedMs;
		const validateLatency = summarise(validateRun.latencies);
		const validateRatio = validateRate / raw.perSecond;

		step('whole flows');
		await closedLoop(flows, { concurrency: options.flowConcurrency, maxMs: 2000 });
		const flowCpuBefore = (await backend.memory()).cpuMicros;
		const simulatorCpuBefore = (await simulator.memory()).cpuMicros;
		const driverCpuBefore = process.cpuUsage();
		const flowRun = await closedLoop(flows, { concurrency: options.flowConcurrency, maxMs: options.seconds * 1000 });
		const driverCpuUsed = process.cpuUsage(driverCpuBefore);
		const flowCpu = ((await backend.memory()).cpuMicros - flowCpuBefore) / Math.max(1, flowRun.done);
		const simulatorFlowCpu = ((await simulator.memory()).cpuMicros - simulatorCpuBefore) / Math.max(1, flowRun.done);
		const driverFlowCpu = (driverCpuUsed.user + driverCpuUsed.system) / Math.max(1, flowRun.done);
		const flowRate = (flowRun.done * 1000) / flowRun.elapsedMs;
		const flowRatio = flowRate / raw.perSecond;

		// The floor: the same two requests served with only the protocol's unavoidable work (floor-server.ts).
		step('floor server');
		const floor = await startChild('backend/floor-server.ts', { validateUrl: `${simulator.url}/NumberAbility/h5/imeiTokenValidate.htm` });
		children.push(floor);
		await cannon(`${floor.url}/uaid/sign`, options, floor, 2);
		const floorSign = await cannon(`${floor.url}/uaid/sign`, options, floor);
		checkCannon(floorSign, 'floor sign');
		const floorFlows = new FlowClient(floor.url, simulator.url);
		const floorPrepared = await prepareValidations(flows, warmUp + options.validations, options.flowConcurrency);
		await validateAll(floorFlows, floorPrepared.splice(0, warmUp), options.flowConcurrency);
		const floorCpuBefore = (await floor.memory()).cpuMicros;
		const floorRun = await validateAll(floorFlows, floorPrepared, options.flowConcurrency);
		const floorValidateCpu = ((await floor.memory()).cpuMicros - floorCpuBefore) / floorRun.done;
		const floorValidateRate = (floorRun.done * 1000) / floorRun.elapsedMs;
		const floorValidateLatency = summarise(floorRun.latencies);
		floorFlows.close();

		const rate = QUOTA_PER_MINUTE / 60;
		step('flows at the quota');
		const { timings: quota, failures: quotaFailures, firstFailure } = await openLoop(flows, rate, options.quotaSeconds * 1000);
		const signAtQuota = summarise(quota.map((t) => t.sign));
		const validateAtQuota = summarise(quota.map((t) => t.validate));
		const getMobileAtQuota = summarise(quota.map((t) => t.getMobile));
		const flowAtQuota = summarise(quota.map((t) => t.total));
		flows.close();

		print(
			`autocannon ${options.connections} connections × ${options.seconds} s per run; validations: ${options.validations.toLocaleString('en-US')}, ${options.flowConcurrency} concurrent; whole flows: ${options.flowConcurrency} concurrent, ${options.seconds} s`,
		);
		print(
			table([
				['', 'rate', 'p50', 'p99', 'vs baseline', 'server CPU each'],
				[
					'bare node:http, fixed JSON (baseline)',
					perSecond(bareResult.requests.average),
					ms(bareResult.latency.p50),
					ms(bareResult.latency.p99),
					'',
					micros(bareResult.cpuPerRequest),
				],
				[
					'POST /uaid/sign (createUaidHandler)',
					perSecond(signResult.requests.average),
					ms(signResult.latency.p50),
					ms(signResult.latency.p99),
					ratio(signRatio),
					micros(signResult.cpuPerRequest),
				],
				[
					'GET /uaid/coverage (ip2regionCoverage)',
					perSecond(coverageResult.requests.average),
					ms(coverageResult.latency.p50),
					ms(coverageResult.latency.p99),
					ratio(coverageResult.requests.average / bareResult.requests.average),
					micros(coverageResult.cpuPerRequest),
				],
				[
					'floor: sign without the kit (HTTP, MD5, JSON)',
					perSecond(floorSign.requests.average),
					ms(floorSign.latency.p50),
					ms(floorSign.latency.p99),
					ratio(floorSign.requests.average / bareResult.requests.average),
					micros(floorSign.cpuPerRequest),
				],
				['crypto.sign RSA-MD5 2048 (baseline)', perSecond(raw.perSecond), '', '', '', micros(1e6 / raw.perSecond)],
				[
					'validate flows (POST /uaid/validate)',
					perSecond(validateRate),
					ms(validateLatency.p50),
					ms(validateLatency.p99),
					ratio(validateRatio),
					micros(validateCpu),
				],
				[
					'floor: validate without the kit',
					perSecond(floorValidateRate),
					ms(floorValidateLatency.p50),
					ms(floorValidateLatency.p99),
					ratio(floorValidateRate / raw.perSecond),
					micros(floorValidateCpu),
				],
				[
					'whole flows (sign+getMobile+validate)',
					perSecond(flowRate),
					ms(summarise(flowRun.timings.map((t) => t.total)).p50),
					ms(summarise(flowRun.timings.map((t) => t.total)).p99),
					ratio(flowRatio),
					micros(flowCpu),
				],
			]),
		);
		print(
			`server CPU each: the backend's (or baseline's) CPU time per request or flow, RSA signing on libuv's thread pool included, which load elsewhere on the machine distorts least; CPU ratio sign/bare ${ratio(bareResult.cpuPerRequest / signResult.cpuPerRequest)}, raw RSA/validate ${ratio(1e6 / raw.perSecond / validateCpu)}`,
		);
		// Two cores serve the backend, the simulator and the load together: what each costs says where a flow's CPU goes.
		print(
			`CPU per validate flow: backend ${micros(validateCpu)}, simulator ${micros(validateSimulatorCpu)}, load generator ${micros(validateDriverCpu)}; per whole flow: backend ${micros(flowCpu)}, simulator ${micros(simulatorFlowCpu)}, load generator ${micros(driverFlowCpu)}; all share the 2 cores`,
		);
		print(
			`coverage: ${ratio(coverageResult.requests.average / signResult.requests.average)} the req/s of sign, ${ratio(coverageResult.cpuPerRequest / signResult.cpuPerRequest)} its server CPU; both from the same backend process, through X-Forwarded-For ${COVERAGE_ADDRESSES['China Mobile IPv4']} (a China Mobile address, so every coverage request is a database lookup)`,
		);
		print(
			`against the floor measured beside them (the same requests with only the protocol's work, no kit): sign ${ratio(signResult.requests.average / floorSign.requests.average)} its req/s at ${ratio(floorSign.cpuPerRequest / signResult.cpuPerRequest)} its CPU per request; validate flows ${ratio(validateRate / floorValidateRate)} its rate at ${ratio(floorValidateCpu / validateCpu)} its CPU per flow`,
		);
		await benchCoverageLookup(options.lookups, print);
		// Issue 26's goals: the backend at the floor.
		print(verdict(signRatio >= 0.6, `sign ≥ 0.6× bare server: ${ratio(signRatio)}`));
		print(verdict(validateRatio >= 0.7, `validate flows ≥ 0.7× raw crypto.sign: ${ratio(validateRatio)}`));
		print(verdict(flowRatio >= 0.5, `whole flows (sign, getMobile, validate) ≥ 0.5× raw crypto.sign: ${ratio(flowRatio)}`));
		print('');
		print(
			`at the platform's default quota, ${QUOTA_PER_MINUTE.toLocaleString('en-US')}/min (${rate.toFixed(1)} flows/s open loop, ${options.quotaSeconds} s, ${quota.length + quotaFailures} flows):`,
		);
		print(
			table([
				['', 'p50', 'p95', 'p99', 'max'],
				['POST /uaid/sign', ms(signAtQuota.p50), ms(signAtQuota.p95), ms(signAtQuota.p99), ms(signAtQuota.max)],
				['getMobile (simulator)', ms(getMobileAtQuota.p50), ms(getMobileAtQuota.p95), ms(getMobileAtQuota.p99), ms(getMobileAtQuota.max)],
				['POST /uaid/validate', ms(validateAtQuota.p50), ms(validateAtQuota.p95), ms(validateAtQuota.p99), ms(validateAtQuota.max)],
				['whole flow', ms(flowAtQuota.p50), ms(flowAtQuota.p95), ms(flowAtQuota.p99), ms(flowAtQuota.max)],
			]),
		);
		if (quotaFailures > 0)
			print(`${quotaFailures} flows failed (first: ${firstFailure}): the machine could not keep up with the quota during this run`);
		print(
			verdict(
				quotaFailures === 0 && Math.max(signAtQuota.p99, validateAtQuota.p99) < 20,
				`p99 at 10,000/min < 20 ms: sign ${ms(signAtQuota.p99)}, validate ${ms(validateAtQuota.p99)}`,
			),
		);
		return {
			signVsBare: signRatio,
			validateVsRsa: validateRatio,
			wholeVsRsa: flowRatio,
			signVsFloor: signResult.requests.average / floorSign.requests.average,
			validateVsFloor: validateRate / floorValidateRate,
		};
	} finally {
		await Promise.all(children.map((child) => child.close()));
	}
}
