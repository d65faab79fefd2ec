import type { PlatformEndpoint } from '../protocol/result-codes.js';
import type { AnswerSettings } from './answer-settings.js';
import type { ResolvedApp } from './config.js';
import type { ActiveFault } from './faults.js';
import type { NetworkSettings } from './network.js';
import type { RateLimiter } from './rate-limiter.js';
import type { RequestLog } from './request-log.js';
import type { TokenStore } from './token-store.js';

/** Everything a running simulator holds; the handlers read and change it. */
export interface SimulatorState {
	readonly apps: Map<string, ResolvedApp>;
	network: NetworkSettings;
	answers: AnswerSettings;
	readonly faults: Map<PlatformEndpoint, ActiveFault>;
	readonly tokens: TokenStore;
	readonly rateLimiter: RateLimiter;
	readonly log: RequestLog;
	readonly uaidSecret: Buffer | string;
	readonly now: () => number;
	/** getMobile's timestamp window (config `timestampWindowMs`); undefined: no check. */
	readonly timestampWindowMs?: number | undefined;
}

/** What the checks know of the HTTP request besides its body. */
export interface RequestContext {
	readonly clientIp: string;
	readonly origin?: string | undefined;
	readonly referer?: string | undefined;
}
