/**
 * `cmcc-uaid/simulator`: China Mobile's getMobile and imeiTokenValidate endpoints on loopback,
 * with an admin API (`/__sim/`) to switch the network, inject faults and read the request log.
 * Node.js only. See docs/simulator.md.
 */
export { startSimulator, type RunningSimulator, type SimulatorOptions } from './simulator.js';
export type { SimulatorAppConfig, SimulatorConfig } from './config.js';
export { SimulatorConfigError, isSimulatorConfigError } from './errors.js';
export { NETWORK_MODES, DEFAULT_MSISDN, type NetworkMode, type NetworkSettings } from './network.js';
export type { FaultSettings, FaultSpec } from './faults.js';
export type { LogEntry } from './request-log.js';
export type { SimulatorControls } from './admin-handler.js';
export { ADMIN_PREFIX } from './admin-handler.js';
export { DEMO_APP, DEMO_APP_ID, DEMO_APP_KEY, DEMO_PRIVATE_KEY, DEMO_PUBLIC_KEY, demoSimulatorConfig } from './demo-app.js';
export { deriveUaid } from './uaid.js';
