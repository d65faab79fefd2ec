/**
 * `cmcc-uaid/client`: the UAID flow without UI (no Lit), for pages that draw their own. Each name
 * here is documented in the README's "Without the element" section or docs/element.md.
 *
 * `UaidClient` is exported as a type only: `createUaidClient()` is the one way to make one.
 */
export { createUaidClient, type UaidClient, type UaidOutcome, type UaidSuccess, type UaidToken, type StartOptions } from './uaid-client.js';
export { UaidClientError, isUaidClientError, type UaidClientErrorCode, type UaidStage } from './errors.js';
export type { UaidClientOptions, UaidProgress } from './options.js';
// What coverage() resolves.
export type { Carrier } from '../protocol/backend-wire.js';
