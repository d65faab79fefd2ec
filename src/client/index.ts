/**
 * `cmcc-uaid/client`: the UAID flow without UI (no Lit), for pages that draw their own.
 */
export { UaidClient, createUaidClient, type UaidSuccess, type UaidToken, type StartOptions } from './uaid-client.js';
export { UaidClientError, isUaidClientError, type UaidClientErrorCode, type UaidClientOwnErrorCode, type UaidStage, type UaidClientErrorOptions } from './errors.js';
export {
	DEFAULT_TIMEOUT_MS,
	DEFAULT_PREFETCH_MAX_AGE_MS,
	DEFAULT_SIGN_URL,
	DEFAULT_VALIDATE_URL,
	DEFAULT_TOKEN_URL,
	type UaidClientOptions,
	type ResolvedUaidClientOptions,
	type UaidProgress,
} from './options.js';
export { isOnWifi } from './wifi.js';
export { UaidError, isUaidError } from '../protocol/errors.js';
