import type { KeyObject } from 'node:crypto';
import { DEFAULT_RATE_LIMIT_PER_MINUTE, TOKEN_TTL_SECONDS } from '../protocol/fields.js';
import { readPublicKey } from '../protocol/node/keys.js';
import { SIGNATURE_ALGORITHMS, type SignatureAlgorithm } from '../protocol/node/rsa.js';
import { parseAdminOrigins } from './admin-access.js';
import { DEFAULT_ANSWER_SETTINGS, parseAnswerSettings, type AnswerSettings } from './answer-settings.js';
import { SimulatorConfigError } from './errors.js';
import { parseNetworkSettings, type NetworkSettings } from './network.js';
import {
	optionalBoolean,
	optionalInteger,
	optionalString,
	optionalStringList,
	rejectUnknownKeys,
	requireRecord,
	requireString,
} from './validate-input.js';

/**
 * One app as the open platform knows it (guide, appendix A). Every optional field, when absent,
 * means "no restriction".
 */
export interface SimulatorAppConfig {
	/** The application id. @example '300011580392' */
	appId: string;
	/** The appkey that the getMobile MD5 sign is made with. */
	appKey: string;
	/**
	 * The RSA public key registered for imeiTokenValidate: Base64 X.509 SPKI DER (the vendor's format) or PEM.
	 * Without one, every imeiTokenValidate for the app answers 130018 (nothing to verify against).
	 * @default undefined
	 */
	publicKey?: string;
	/** Digest of the RSA signature: `md5` (`MD5withRSA`) or `sha256`. @default 'md5' */
	signatureAlgorithm?: SignatureAlgorithm;
	/** Server IP whitelist for imeiTokenValidate (110004); exact match. @default undefined (any IP) */
	serverIps?: string[];
	/**
	 * Page origins, matched exactly against the token's recorded Origin (120010). @default undefined (any) @example
	 * ['https://m.example.com']
	 */
	origins?: string[];
	/**
	 * Referer prefixes, matched as a prefix of the token's recorded Referer (120010). @default undefined (any) @example
	 * ['https://m.example.com/']
	 */
	referers?: string[];
	/** Start of the validity window, ISO 8601 (110022 权益已失效 before it). @default undefined (always) @example '2026-01-01T00:00:00+08:00' */
	validFrom?: string;
	/** End of the validity window, ISO 8601, exclusive (110022 权益已失效 from it on). @default undefined (always) */
	validTo?: string;
	/** Whether the app has rights to the ability (110023 when false). @default true */
	rights?: boolean;
	/**
	 * Whether the ability itself is still valid (110025 权益已失效 能力失效 when false). Not in the shape: the only way to reach
	 * 110025 without a fault. @default true
	 */
	abilityValid?: boolean;
	/** getMobile requests per appId and client IP per minute (140005 above it). @default 10000 */
	rateLimitPerMinute?: number;
}

/** The simulator's configuration, as in a `--config` JSON file. */
export interface SimulatorConfig {
	/** The apps the platform knows. @default [] */
	apps?: SimulatorAppConfig[];
	/** Token lifetime in seconds (120009 after it). @default 300 */
	tokenTtlSeconds?: number;
	/** Which connection getMobile requests seem to arrive on. @default { mode: 'cellular', msisdn: '13800138000', carrier: 'china-unicom' } */
	network?: Partial<NetworkSettings>;
	/**
	 * Page origins, besides loopback ones (`http://127.0.0.1:*`, `http://localhost:*`, `http://[::1]:*`),
	 * that may call the admin API from a browser. Requests without an Origin (curl, tests) are always allowed.
	 * @default [] @example ['http://192.168.1.20:5180']
	 */
	adminOrigins?: string[];
	/**
	 * Where real traffic and the guide differ, which one the answers follow.
	 * @default { notCellular: 'observed', shape: 'enveloped' }
	 * @example { notCellular: 'guide', shape: 'flat' }
	 */
	answers?: Partial<AnswerSettings>;
	/**
	 * How far a getMobile request's timestamp may be from the simulator's clock, either way, before
	 * it answers 105112 时间戳非法. An assumption (provenance `assumed`): the vendor's SDK docs list
	 * the code but no window, so it is off unless set. Set it to test a client's one-fresh-sign rule.
	 * @default undefined (no check) @example 60000
	 */
	timestampWindowMs?: number;
}

/** An app after validation: times parsed, key read once. */
export interface ResolvedApp {
	readonly config: Readonly<SimulatorAppConfig>;
	readonly appId: string;
	readonly appKey: string;
	readonly publicKey?: KeyObject;
	readonly signatureAlgorithm: SignatureAlgorithm;
	readonly serverIps?: readonly string[];
	readonly origins?: readonly string[];
	readonly referers?: readonly string[];
	readonly validFrom?: number;
	readonly validTo?: number;
	readonly rights: boolean;
	readonly abilityValid: boolean;
	readonly rateLimitPerMinute: number;
}

export interface ResolvedConfig {
	readonly apps: ReadonlyMap<string, ResolvedApp>;
	readonly tokenTtlSeconds: number;
	readonly network: NetworkSettings;
	readonly adminOrigins: ReadonlySet<string>;
	readonly answers: AnswerSettings;
	readonly timestampWindowMs?: number;
}

const APP_KEYS = [
	'appId',
	'appKey',
	'publicKey',
	'signatureAlgorithm',
	'serverIps',
	'origins',
	'referers',
	'validFrom',
	'validTo',
	'rights',
	'abilityValid',
	'rateLimitPerMinute',
] as const;
const CONFIG_KEYS = ['apps', 'tokenTtlSeconds', 'network', 'adminOrigins', 'answers', 'timestampWindowMs'] as const;

function parseInstant(value: unknown, field: string): number | undefined {
	const text = optionalString(value, field, { nonEmpty: true });
	if (text === undefined) return undefined;
	// Date.parse accepts too much ("1", "March 7"): insist on an ISO date so a typo is not read as some other day.
	if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/.test(text)) {
		throw new SimulatorConfigError(
			field,
			`must be an ISO 8601 date or date-time such as 2026-01-01T00:00:00+08:00, got ${JSON.stringify(text)}.`,
		);
	}
	const ms = Date.parse(text);
	if (!Number.isFinite(ms)) throw new SimulatorConfigError(field, `is not a real date: ${JSON.stringify(text)}.`);
	return ms;
}

/**
 * Validates one app's settings.
 *
 * @throws {SimulatorConfigError} naming the field, e.g. `apps[0].publicKey`.
 */
export function resolveApp(value: unknown, field = 'app'): ResolvedApp {
	const record = requireRecord(value, field);
	rejectUnknownKeys(record, APP_KEYS, field);
	const appId = requireString(record.appId, `${field}.appId`);
	const appKey = requireString(record.appKey, `${field}.appKey`);
	const publicKeyText = optionalString(record.publicKey, `${field}.publicKey`, { nonEmpty: true });
	let publicKey: KeyObject | undefined;
	if (publicKeyText !== undefined) {
		try {
			publicKey = readPublicKey(publicKeyText);
		} catch (cause) {
			throw new SimulatorConfigError(
				`${field}.publicKey`,
				`is not an RSA public key (expected Base64 X.509 SPKI DER or PEM): ${cause instanceof Error ? cause.message : String(cause)}`,
				{ cause },
			);
		}
	}
	const algorithm = optionalString(record.signatureAlgorithm, `${field}.signatureAlgorithm`) ?? 'md5';
	if (!(SIGNATURE_ALGORITHMS as readonly string[]).includes(algorithm)) {
		throw new SimulatorConfigError(
			`${field}.signatureAlgorithm`,
			`must be one of ${SIGNATURE_ALGORITHMS.join(', ')}, got ${JSON.stringify(algorithm)}.`,
		);
	}
	const validFrom = parseInstant(record.validFrom, `${field}.validFrom`);
	const validTo = parseInstant(record.validTo, `${field}.validTo`);
	if (validFrom !== undefined && validTo !== undefined && validTo <= validFrom)
		throw new SimulatorConfigError(`${field}.validTo`, 'must be later than validFrom.');
	const serverIps = optionalStringList(record.serverIps, `${field}.serverIps`);
	const origins = optionalStringList(record.origins, `${field}.origins`);
	const referers = optionalStringList(record.referers, `${field}.referers`);
	const config: SimulatorAppConfig = { ...(record as unknown as SimulatorAppConfig) };
	return Object.freeze({
		config: Object.freeze(config),
		appId,
		appKey,
		publicKey,
		signatureAlgorithm: algorithm as SignatureAlgorithm,
		serverIps: serverIps && Object.freeze(serverIps),
		origins: origins && Object.freeze(origins),
		referers: referers && Object.freeze(referers),
		validFrom,
		validTo,
		rights: optionalBoolean(record.rights, `${field}.rights`) ?? true,
		abilityValid: optionalBoolean(record.abilityValid, `${field}.abilityValid`) ?? true,
		rateLimitPerMinute:
			optionalInteger(record.rateLimitPerMinute, `${field}.rateLimitPerMinute`, 1, 1_000_000_000) ?? DEFAULT_RATE_LIMIT_PER_MINUTE,
	});
}

/**
 * Validates a whole configuration (a parsed `--config` file or the `config` option).
 *
 * @throws {SimulatorConfigError} naming the field.
 */
export function resolveConfig(value: unknown = {}): ResolvedConfig {
	const record = requireRecord(value, 'config');
	rejectUnknownKeys(record, CONFIG_KEYS, '');
	const apps = new Map<string, ResolvedApp>();
	const list = record.apps ?? [];
	if (!Array.isArray(list)) throw new SimulatorConfigError('apps', 'must be an array of apps.');
	list.forEach((item, index) => {
		const app = resolveApp(item, `apps[${index}]`);
		if (apps.has(app.appId)) throw new SimulatorConfigError(`apps[${index}].appId`, `${app.appId} is configured twice.`);
		apps.set(app.appId, app);
	});
	return {
		apps,
		tokenTtlSeconds: optionalInteger(record.tokenTtlSeconds, 'tokenTtlSeconds', 1, 86_400) ?? TOKEN_TTL_SECONDS,
		network: parseNetworkSettings(record.network ?? {}, 'network'),
		adminOrigins: parseAdminOrigins(record.adminOrigins, 'adminOrigins'),
		answers: parseAnswerSettings(record.answers ?? {}, 'answers', DEFAULT_ANSWER_SETTINGS),
		...optionalField('timestampWindowMs', optionalInteger(record.timestampWindowMs, 'timestampWindowMs', 1, 86_400_000)),
	};
}

const optionalField = <K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> =>
	value === undefined ? {} : ({ [key]: value } as Record<K, V>);
