/** The platform simulator in its own process, with the soak's app and a fixed UAID secret. */
import { startSimulator, type SimulatorAppConfig } from '../../src/simulator/index.js';
import { announceReady, exitWithParent, settings } from './ipc.js';

export interface SimulatorProcessSettings {
	app: SimulatorAppConfig;
	tokenTtlSeconds: number;
	uaidSecret: string;
}

const { app, tokenTtlSeconds, uaidSecret } = settings<SimulatorProcessSettings>();
const sim = await startSimulator({
	config: { apps: [app], tokenTtlSeconds, network: { mode: 'cellular', msisdn: '13800138000' } },
	uaidSecret,
	logLimit: 100,
});
exitWithParent(() => sim.close());
announceReady(sim.port);
