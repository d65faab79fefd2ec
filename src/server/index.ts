/**
 * `cmcc-uaid/server`: the integrator's sign and validate endpoints as one Fetch-API handler, a
 * Node/Express adapter, the lower-level functions, and the pluggable replay/rate-limit stores.
 */
export { createUaidHandler, type UaidHandler } from './create-handler.js';
export { toNodeListener, type NodeListener } from './node-listener.js';
export type { UaidHandlerOptions, UaidLogEvent, RateLimitOptions } from './options.js';
export { validateToken, type ValidateTokenOptions, type ValidatedToken, type ValidateAttemptEvent } from './validate-token.js';
export { signGetMobileRequest, type SignGetMobileOptions } from '../protocol/index.js';
export { signRsa, signRsaAsync, generateRsaKeyPair, type SignatureAlgorithm } from '../protocol/node/index.js';
export type { UaidStore, ConsumeTraceResult } from './store.js';
export { createMemoryStore, type MemoryStoreOptions } from './memory-store.js';
export { createRedisStore, type RedisEvalClient, type RedisStoreOptions } from './redis-store.js';
export { resolveClientIp, socketAddressOf, type ClientIpSource } from './client-ip.js';
export { maskToken } from './mask-token.js';
export { BACKEND_ERROR_TABLE, backendErrorTableMarkdown, type BackendErrorCodeInfo } from './error-codes.js';
export {
	UaidServerError,
	RequestRejectedError,
	PlatformResultError,
	PlatformTransportError,
	StoreError,
	isUaidServerError,
	isRequestRejectedError,
	isPlatformResultError,
	isPlatformTransportError,
	isStoreError,
} from './errors/index.js';
export {
	BACKEND_ERROR_CODES,
	BACKEND_SIGN_PATH,
	BACKEND_VALIDATE_PATH,
	type BackendErrorCode,
	type BackendErrorJson,
	type SignRequestJson,
	type SignResponseJson,
	type ValidateRequestJson,
	type ValidateResponseJson,
} from '../protocol/index.js';
