import { TOKEN_TTL_SECONDS, VALIDATE_URL } from '../../protocol/index.js';
import { readPrivateKey, SIGNATURE_ALGORITHMS } from '../../protocol/node/index.js';
import type { ClientIpSource } from './client-ip.js';
import type { CoverageClassifier } from '../coverage/coverage.js';
import { invalidOption } from '../errors/index.js';
import { createMemoryStore } from '../stores/memory-store.js';
import type { OnUaidHook } from './on-uaid.js';
import { createLogSink, type LogSink } from '../logging/log-sink.js';
import type { UaidHandlerOptions } from './options.js';
import { createOriginPolicy, type OriginPolicy } from './origin-policy.js';
import type { UaidStore } from '../stores/store.js';
import type { ValidateTokenOptions } from '../platform/validate-token.js';

/** The handler's options with every default filled in, checked once at start-up. */
export interface HandlerSettings {
	readonly appId: string;
	readonly appKey: string;
	readonly basePath: string;
	readonly originPolicy: OriginPolicy;
	readonly store: UaidStore;
	readonly traceTtlMs: number;
	readonly rateLimit: { readonly limit: number; readonly windowMs: number; readonly ipv6PrefixLength: number } | undefined;
	readonly clientIp: ClientIpSource;
	readonly maxBodyBytes: number;
	readonly allowedExpandParams: ReadonlySet<string>;
	/** What every imeiTokenValidate call shares. */
	readonly platform: Omit<ValidateTokenOptions, 'token'>;
	/** Where log events go; undefined for `logger: false`. */
	readonly logger: LogSink | undefined;
	readonly onUaid: OnUaidHook | undefined;
	readonly exposeUaid: boolean;
	readonly coverage: CoverageClassifier | undefined;
}

function requireString(value: unknown, name: string): string {
	if (typeof value !== 'string' || value === '') throw invalidOption(name, 'is required (a non-empty string).');
	return value;
}

/** Numeric options are checked at start-up: a typo such as `timeoutMs: -1` must not surface as a failed user request. */
function integer(value: number | undefined, name: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
	if (value !== undefined && (!Number.isSafeInteger(value) || value < min || value > max)) throw invalidOption(name, `must be an integer from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ' up'}, got ${String(value)}.`);
	return value;
}

/**
 * Checks `createUaidHandler`'s options and fills in the defaults.
 * @throws {UaidServerError} `invalid-option`, naming the option.
 */
export function resolveHandlerOptions(options: UaidHandlerOptions): HandlerSettings {
	const { appId, appKey, signatureAlgorithm, validateUrl, timeoutMs, retries, fetch, basePath = '/uaid', maxBodyBytes = 4096, traceTtlMs = TOKEN_TTL_SECONDS * 1000, clientIp = 'socket', logger, onUaid, exposeUaid = true, coverage } = options;
	requireString(appId, 'appId');
	requireString(appKey, 'appKey');
	if (signatureAlgorithm !== undefined && !SIGNATURE_ALGORITHMS.includes(signatureAlgorithm)) throw invalidOption('signatureAlgorithm', `must be one of ${SIGNATURE_ALGORITHMS.join(', ')}.`);
	integer(timeoutMs, 'timeoutMs', 1);
	integer(retries, 'retries', 0);
	integer(maxBodyBytes, 'maxBodyBytes', 64);
	integer(traceTtlMs, 'traceTtlMs', 1);
	if (validateUrl !== undefined && !URL.canParse(validateUrl)) throw invalidOption('validateUrl', 'must be an absolute URL.');
	if (typeof basePath !== 'string' || !basePath.startsWith('/')) throw invalidOption('basePath', `must start with "/", got "${String(basePath)}".`);
	if (onUaid !== undefined && typeof onUaid !== 'function') throw invalidOption('onUaid', `must be a function, got ${typeof onUaid}.`);
	if (coverage !== undefined && typeof coverage !== 'function') throw invalidOption('coverage', `must be a function such as ip2regionCoverage(), got ${typeof coverage}.`);
	if (typeof exposeUaid !== 'boolean') throw invalidOption('exposeUaid', `must be true or false, got ${typeof exposeUaid}.`);
	const limits = options.rateLimit === false ? undefined : (options.rateLimit ?? {});
	const rateLimit = limits && {
		limit: integer(limits.limit, 'rateLimit.limit', 1) ?? 600,
		windowMs: integer(limits.windowMs, 'rateLimit.windowMs', 1) ?? 60_000,
		ipv6PrefixLength: integer(limits.ipv6PrefixLength, 'rateLimit.ipv6PrefixLength', 1, 128) ?? 64,
	};
	let privateKey: ReturnType<typeof readPrivateKey>;
	try {
		// Read once now, so a bad key fails at start-up rather than on the first user's validation.
		privateKey = readPrivateKey(options.privateKey);
	} catch (cause) {
		throw invalidOption('privateKey', cause instanceof Error ? cause.message : String(cause), cause);
	}
	return {
		appId,
		appKey,
		basePath: basePath.replace(/\/+$/, ''),
		originPolicy: createOriginPolicy(options.allowedOrigins, options.requireOrigin, options.publicOrigin),
		store: options.store ?? createMemoryStore(),
		traceTtlMs,
		rateLimit,
		clientIp,
		maxBodyBytes,
		allowedExpandParams: new Set(options.allowedExpandParams ?? []),
		platform: { appId, privateKey, signatureAlgorithm, validateUrl, timeoutMs, retries, fetch },
		logger: createLogSink(logger, validateUrl ?? VALIDATE_URL),
		onUaid,
		exposeUaid,
		coverage,
	};
}
