// Baseline: exactly the ky API the client imports, bundled alone, so ky's share of the bundle is visible.
export { default, isTimeoutError } from 'ky';
