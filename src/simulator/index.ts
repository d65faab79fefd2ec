/**
 * `cmcc-uaid/simulator`: China Mobile's getMobile and imeiTokenValidate endpoints on loopback,
 * with an admin API (`/__sim/`) to switch the network, inject faults and read the request log.
 * Node.js only. Each name here is documented in docs/simulator.md.
 */
export { startSimulator, type RunningSimulator, type SimulatorOptions } from './simulator.js';
export type { SimulatorAppConfig, SimulatorConfig } from './config.js';
export { SimulatorConfigError, isSimulatorConfigError } from './errors.js';
export type { NetworkMode, NetworkSettings } from './network.js';
export type { FaultSettings } from './faults.js';
export type { LogEntry } from './request-log.js';
// The demo app's id, appkey and public key are DEMO_APP's fields; its private key is not an app
// setting (the platform never has it), hence a name of its own.
export { DEMO_APP, DEMO_PRIVATE_KEY, demoSimulatorConfig } from './demo-app.js';
