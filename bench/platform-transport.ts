/**
 * CPU per imeiTokenValidate call: the kit's built-in transport (undici request over a keep-alive pool)
 * against undici's fetch, and the RSA signature alone for scale. Sequential calls against the
 * simulator in its own process, so `process.cpuUsage()` is the backend side only.
 *
 *   npx tsx bench/platform-transport.ts [calls per run, default 5000]
 *
 * Imports the server kit from `src/` (this compares transports, not the build); the simulator
 * child loads `dist/` like the other benches.
 */
import { Agent } from 'node:http';
import { readPrivateKey, signRsaAsync } from '../src/protocol/node/index.js';
import { signGetMobileRequest, validateToken, type ValidateTokenOptions } from '../src/server/index.js';
import { DEMO_APP_ID, DEMO_APP_KEY, DEMO_PRIVATE_KEY } from '../src/simulator/demo-app.js';
import { BENCH_ORIGIN, post } from './support/flow-client.js';
import { startChild } from './support/child.js';

const calls = Number(process.argv[2] ?? 5000);
const simulator = await startChild('backend/simulator-server.ts', { rateLimitPerMinute: 1_000_000_000 });
const validateUrl = `${simulator.url}/NumberAbility/h5/imeiTokenValidate.htm`;
const tokenAgent = new Agent({ keepAlive: true });
const key = readPrivateKey(DEMO_PRIVATE_KEY);

/** Tokens are single-use: fetch them before the timed part, which then only validates. */
async function tokens(count: number): Promise<string[]> {
	const list: string[] = [];
	for (let i = 0; i < count; i++) {
		const answer = await post(
			tokenAgent,
			`${simulator.url}/h5/getMobile`,
			JSON.stringify(signGetMobileRequest({ appId: DEMO_APP_ID, appKey: DEMO_APP_KEY })),
			{ 'content-type': 'text/plain;charset=UTF-8', origin: BENCH_ORIGIN, referer: `${BENCH_ORIGIN}/` },
		);
		const token = (JSON.parse(answer.text) as { body?: { token?: string } }).body?.token;
		if (!token) throw new Error(`getMobile answered ${answer.text.slice(0, 200)}`);
		list.push(token);
	}
	return list;
}

interface Figures {
	cpuMicrosPerCall: number;
	wallMicrosPerCall: number;
}

/** Runs the variants call by call in turn (A B C A B C …), so a drift of a shared machine hits all alike. */
async function measureInterleaved(variants: Record<string, (i: number) => Promise<unknown>>): Promise<Record<string, Figures>> {
	const totals = Object.fromEntries(Object.keys(variants).map((name) => [name, { cpu: 0, wall: 0 }]));
	for (let i = 0; i < calls; i++) {
		for (const [name, run] of Object.entries(variants)) {
			const cpu = process.cpuUsage();
			const started = performance.now();
			await run(i);
			const wall = performance.now() - started;
			const used = process.cpuUsage(cpu);
			totals[name]!.cpu += used.user + used.system;
			totals[name]!.wall += wall * 1000;
		}
	}
	return Object.fromEntries(
		Object.entries(totals).map(([name, t]) => [name, { cpuMicrosPerCall: t.cpu / calls, wallMicrosPerCall: t.wall / calls }]),
	);
}

const validating = (list: string[], transport: Pick<ValidateTokenOptions, 'fetch'>) => async (i: number) => {
	const { uaid } = await validateToken({ appId: DEMO_APP_ID, privateKey: key, token: list[i]!, validateUrl, ...transport });
	if (!uaid) throw new Error('no UAID');
};

try {
	// A warm-up pass (JIT, connection pools, the simulator's own warm-up), then two measured passes.
	const passes: Record<string, Figures>[] = [];
	for (let pass = 0; pass < 3; pass++) {
		const [forFetch, forAgent] = [await tokens(calls), await tokens(calls)];
		const figures = await measureInterleaved({
			'RSA signature only (MD5withRSA, 2048)': () => signRsaAsync(`${DEMO_APP_ID}${'x'.repeat(40)}${Date.now()}`, key, 'md5'),
			'validateToken, fetch (undici)': validating(forFetch, { fetch: globalThis.fetch }),
			'validateToken, node:http keep-alive agent': validating(forAgent, {}),
		});
		if (pass > 0) passes.push(figures);
	}
	console.log(
		`${calls} sequential calls per variant and pass, interleaved, Node ${process.version}; CPU = user + system of this process, µs per call (pass 1 / pass 2)`,
	);
	for (const name of Object.keys(passes[0]!)) {
		const cpu = passes.map((p) => p[name]!.cpuMicrosPerCall.toFixed(0)).join(' / ');
		const wall = passes.map((p) => p[name]!.wallMicrosPerCall.toFixed(0)).join(' / ');
		console.log(`${name.padEnd(44)} CPU ${cpu.padEnd(12)} wall ${wall}`);
	}
} finally {
	tokenAgent.destroy();
	await simulator.close();
}
