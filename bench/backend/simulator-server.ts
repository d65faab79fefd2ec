/**
 * Child process: the platform simulator with the demo app. The rate limit is raised for the
 * throughput and memory runs (they exceed the platform's 10,000/min on purpose); a latency fault
 * per endpoint plays the distance to China Mobile in the click-to-UAID run.
 */
import { childOptions, serveChild } from '../support/child.js';
import { importDist } from '../../tools/dist.js';

export interface SimulatorServerOptions {
	/** getMobile requests per minute per appId and client IP. @default 10_000 (the platform's) */
	rateLimitPerMinute: number;
	/** Added before each getMobile answer. @default 0 */
	getMobileLatencyMs: number;
	/** Added before each imeiTokenValidate answer. @default 0 */
	validateLatencyMs: number;
	/**
	 * Host names answered on any port: the click run's delaying proxy passes the browser's Host
	 * (the proxy's port) through untouched, which the simulator's own-address rule would refuse. @default []
	 */
	allowedHosts: string[];
}

const { DEMO_APP, startSimulator } = await importDist<typeof import('../../src/simulator/index.js')>('simulator/index.js');
const options = childOptions<SimulatorServerOptions>();
const simulator = await startSimulator({
	config: { apps: [{ ...DEMO_APP, rateLimitPerMinute: options.rateLimitPerMinute ?? 10_000 }] },
	logLimit: 100,
	allowedHosts: options.allowedHosts ?? [],
});
const faults = {
	...(options.getMobileLatencyMs ? { getMobile: { latencyMs: options.getMobileLatencyMs } } : {}),
	...(options.validateLatencyMs ? { imeiTokenValidate: { latencyMs: options.validateLatencyMs } } : {}),
};
simulator.setFaults(faults);
serveChild(simulator.url);
