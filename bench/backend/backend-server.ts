/**
 * Child process: the demo backend as an integrator would run it — `createUaidHandler` behind
 * `toNodeListener` on `node:http`, with the demo app's keys, against the simulator. Its own
 * process, so its RSS and CPU are its own; the built `dist/`, so it is what ships.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { childOptions, serveChild } from '../support/child.js';
import { importDist } from '../../tools/dist.js';
import { BENCH_ORIGIN } from '../support/flow-client.js';

export interface BackendServerOptions {
	/** The simulator's imeiTokenValidate URL. */
	validateUrl: string;
	/** Page origin allowed by the kit (the load sends it as `Origin`). */
	allowedOrigin: string;
	/** @default the kit's 300_000 */
	traceTtlMs: number;
	/** `sdk`: an OpenTelemetry SDK is registered before the kit starts. @default none (the API alone, if it resolves) */
	telemetry: 'sdk';
	/** Answer coverage with `ip2regionCoverage()`, reading the client IP from X-Forwarded-For (the load sends real addresses there). */
	coverage: boolean;
}

const { createMemoryStore, createUaidHandler, ip2regionCoverage, toNodeListener } =
	await importDist<typeof import('../../src/server/index.js')>('server/index.js');
const { DEMO_APP, DEMO_PRIVATE_KEY } = await importDist<typeof import('../../src/simulator/index.js')>('simulator/index.js');
const { appId: DEMO_APP_ID, appKey: DEMO_APP_KEY } = DEMO_APP;
const options = childOptions<BackendServerOptions>();
if (!options.validateUrl) throw new Error('backend-server: validateUrl is required');
if (options.telemetry === 'sdk') {
	const { registerCountingSdk } = await import('../support/otel-sdk.js');
	const exported = registerCountingSdk();
	// Said at exit, so a run shows the SDK really recorded every request.
	process.on('exit', () =>
		process.stderr.write(
			`  … backend with the SDK exported ${exported.spans.toLocaleString('en-US')} spans (and ${exported.metricExports} metric exports, their last batch of spans dropped at exit)\n`,
		),
	);
}
// Sign stores nothing; room for every traceId a run validates keeps replay refusal exact throughout.
const store = createMemoryStore({ maxEntries: 10_000_000 });
const handler = createUaidHandler({
	appId: DEMO_APP_ID,
	appKey: DEMO_APP_KEY,
	privateKey: DEMO_PRIVATE_KEY,
	validateUrl: options.validateUrl,
	allowedOrigins: [options.allowedOrigin ?? BENCH_ORIGIN],
	store,
	// The per-IP limit stays on (its store hit is part of what sign costs) but cannot trip: all load comes from 127.0.0.1.
	rateLimit: { limit: 1_000_000_000 },
	...(options.traceTtlMs ? { traceTtlMs: options.traceTtlMs } : {}),
	...(options.coverage ? { clientIp: { header: 'x-forwarded-for', hops: 1 }, coverage: ip2regionCoverage() } : {}),
});
const server = createServer(toNodeListener(handler));
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => serveChild(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, () => store.size));
