import { TOKEN_TTL_SECONDS } from '../../protocol/index.js';
import type { ClientIpSource } from './client-ip.js';
import type { CoverageClassifier } from '../coverage/coverage.js';
import { integer, invalidOption, requireString } from '../errors/index.js';
import { createMemoryStore } from '../stores/memory-store.js';
import type { OnUaidHook } from './on-uaid.js';
import { createLogSink, type LogSink } from '../logging/log-sink.js';
import type { UaidHandlerOptions } from './options.js';
import { createOriginPolicy, type OriginPolicy } from './origin-policy.js';
import type { UaidStore } from '../stores/store.js';
import { createTraceIds, type TraceIds } from './trace-id.js';
import { checkClientIpSource } from './client-ip.js';
import { resolvePlatformOptions, type PlatformSettings } from '../platform/platform-options.js';

/** The handler's options with every default filled in, checked once at start-up. */
export interface HandlerSettings {
	readonly appId: string;
	readonly appKey: string;
	readonly basePath: string;
	readonly originPolicy: OriginPolicy;
	readonly store: UaidStore;
	readonly traceTtlMs: number;
	/** Issues and checks the self-contained traceIds (see trace-id.ts). */
	readonly traceIds: TraceIds;
	readonly rateLimit: { readonly limit: number; readonly windowMs: number; readonly ipv6PrefixLength: number } | undefined;
	readonly clientIp: ClientIpSource;
	readonly maxBodyBytes: number;
	readonly allowedExpandParams: ReadonlySet<string>;
	/** What every imeiTokenValidate call shares. */
	readonly platform: PlatformSettings;
	/** Where log events go; undefined for `logger: false`. */
	readonly logger: LogSink | undefined;
	readonly onUaid: OnUaidHook | undefined;
	readonly onUaidTimeoutMs: number;
	readonly exposeUaid: boolean;
	readonly coverage: CoverageClassifier | undefined;
}

/**
 * Checks `createUaidHandler`'s options and fills in the defaults.
 * @throws {UaidServerError} `invalid-option`, naming the option.
 */
export function resolveHandlerOptions(options: UaidHandlerOptions): HandlerSettings {
	const {
		appId,
		appKey,
		signatureAlgorithm,
		timeoutMs,
		retries,
		fetch,
		basePath = '/uaid',
		maxBodyBytes = 4096,
		traceTtlMs = TOKEN_TTL_SECONDS * 1000,
		clientIp = 'socket',
		logger,
		onUaid,
		onUaidTimeoutMs = 10_000,
		exposeUaid = true,
		coverage,
		traceSecret,
	} = options;
	requireString(appId, 'appId');
	requireString(appKey, 'appKey');
	integer(maxBodyBytes, 'maxBodyBytes', 64);
	integer(traceTtlMs, 'traceTtlMs', 1);
	integer(onUaidTimeoutMs, 'onUaidTimeoutMs', 1);
	checkClientIpSource(clientIp);
	if (
		traceSecret !== undefined &&
		!((typeof traceSecret === 'string' || traceSecret instanceof Uint8Array) && Buffer.byteLength(traceSecret) >= 16)
	) {
		throw invalidOption('traceSecret', 'must be a string or Uint8Array of at least 16 bytes (a random secret shared by every instance).');
	}
	const store = options.store ?? createMemoryStore();
	if (typeof store !== 'object' || store === null || typeof store.consumeTrace !== 'function' || typeof store.hit !== 'function')
		throw invalidOption(
			'store',
			'must have consumeTrace(traceId, ttlMs) and hit(key, windowMs), as createMemoryStore() and createRedisStore() do.',
		);
	// A store written for the kit before traceIds carried their own expiry answers `unknown` for every traceId it was never told about.
	if ('issueTrace' in store)
		throw invalidOption(
			'store',
			'has issueTrace: it was written for an older kit, whose sign recorded every traceId. Sign stores nothing now; consumeTrace(traceId, ' +
				'ttlMs) must mark the traceId consumed for ttlMs and answer ok the first time, replayed after.',
		);
	if (typeof basePath !== 'string' || !basePath.startsWith('/'))
		throw invalidOption('basePath', `must start with "/", got "${String(basePath)}".`);
	if (onUaid !== undefined && typeof onUaid !== 'function') throw invalidOption('onUaid', `must be a function, got ${typeof onUaid}.`);
	if (coverage !== undefined && typeof coverage !== 'function')
		throw invalidOption('coverage', `must be a function such as ip2regionCoverage(), got ${typeof coverage}.`);
	if (typeof exposeUaid !== 'boolean') throw invalidOption('exposeUaid', `must be true or false, got ${typeof exposeUaid}.`);
	const limits = options.rateLimit === false ? undefined : (options.rateLimit ?? {});
	const rateLimit = limits && {
		limit: integer(limits.limit, 'rateLimit.limit', 1) ?? 600,
		windowMs: integer(limits.windowMs, 'rateLimit.windowMs', 1) ?? 60_000,
		ipv6PrefixLength: integer(limits.ipv6PrefixLength, 'rateLimit.ipv6PrefixLength', 1, 128) ?? 64,
	};
	// Checked and the key read once now, so a bad key fails at start-up rather than on the first user's validation.
	const platform = resolvePlatformOptions({
		appId,
		privateKey: options.privateKey,
		signatureAlgorithm,
		validateUrl: options.validateUrl,
		timeoutMs,
		retries,
		fetch,
	});
	return {
		appId,
		appKey,
		basePath: basePath.replace(/\/+$/, ''),
		originPolicy: createOriginPolicy(options.allowedOrigins, options.requireOrigin, options.publicOrigin),
		store,
		traceTtlMs,
		traceIds: createTraceIds(traceSecret ?? appKey),
		rateLimit,
		clientIp,
		maxBodyBytes,
		allowedExpandParams: new Set(options.allowedExpandParams ?? []),
		platform,
		logger: createLogSink(logger, platform.url),
		onUaid,
		onUaidTimeoutMs,
		exposeUaid,
		coverage,
	};
}
