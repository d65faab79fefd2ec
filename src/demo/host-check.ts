/** The demo's Host rule is the simulator's (one rule for both servers; see src/simulator/host-check.ts). */
export { createHostCheck } from '../simulator/host-check.js';
