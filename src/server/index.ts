/**
 * `cmcc-uaid/server`: the integrator's sign, validate, coverage and report endpoints as one Fetch-API
 * handler, a Node/Express adapter, the lower-level functions, the pluggable replay/rate-limit
 * stores, and a coverage classifier over ip2region (an optional peer dependency, loaded on use).
 * Each name here is documented in docs/server.md.
 *
 * One error class: `UaidServerError`, whose `code` says what failed. The subclasses the kit uses
 * inside (request rejected, platform result, transport, store) stay private, so `code` is the one
 * thing to switch on.
 */
export { createUaidHandler, type UaidHandler } from './adapters/create-handler.js';
export { toNodeListener } from './adapters/node-listener.js';
export type { UaidHandlerOptions, UaidLogEvent, UaidLogFields, UaidLevelLogger, RateLimitOptions } from './core/options.js';
export type { OnUaidHook, UaidHookContext, UaidAnswerExtras } from './core/on-uaid.js';
export { validateToken, type ValidateTokenOptions, type ValidatedToken, type ValidateAttemptEvent } from './platform/validate-token.js';
export { signGetMobileRequest, type SignGetMobileOptions } from '../protocol/index.js';
export { generateRsaKeyPair, type SignatureAlgorithm } from '../protocol/node/index.js';
export type { UaidStore } from './stores/store.js';
export { createMemoryStore, type MemoryStoreOptions } from './stores/memory-store.js';
export { createRedisStore, type RedisEvalClient, type RedisStoreOptions } from './stores/redis-store.js';
export type { ClientIpSource } from './core/client-ip.js';
export type { Carrier } from '../protocol/index.js';
export type { CoverageClassifier } from './coverage/coverage.js';
export { ip2regionCoverage } from './coverage/ip2region-coverage.js';
export { UaidServerError, isUaidServerError, type UaidServerErrorCode } from './errors/index.js';
export type { BackendErrorCode } from '../protocol/index.js';
// The base class of every part's errors: its guard recognises a simulator's or a client's error too.
export { isUaidError, type UaidError } from '../protocol/index.js';
