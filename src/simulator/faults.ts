import { anyResultCodeEntry, RESULT_CODES, type PlatformEndpoint, type ResultCodeEntry } from '../protocol/result-codes.js';
import { SimulatorConfigError } from './errors.js';
import { optionalBoolean, optionalInteger, optionalString, rejectUnknownKeys, requireRecord } from './validate-input.js';

/**
 * A fault injected into one endpoint. `latencyMs` combines with any one of the others; at most
 * one of `resultCode`, `httpStatus`, `garbled`, `drop` may be set.
 */
export interface FaultSpec {
	/** Delay before the answer (or the drop). @default 0 @example 3000 */
	latencyMs?: number;
	/**
	 * Answer with this code (HTTP 200) without running any check: a catalogued code of either
	 * endpoint with the catalogue's description, or, with `resultDesc`, a code in no table.
	 * @example '999999'
	 */
	resultCode?: string;
	/** With `resultCode`: which row of a shared code (e.g. `not-china-mobile` of 111002). @default the code's first row */
	variant?: string;
	/**
	 * With a `resultCode` that is in no table: the `resultDesc` to answer with, to see how a client meets a code nobody documented.
	 * @example '未知错误'
	 */
	resultDesc?: string;
	/** Answer with this HTTP error status (400–599) and an HTML error page, as a gateway in front of the platform would. @example 502 */
	httpStatus?: number;
	/** Answer HTTP 200 with a body that is not JSON. @default false */
	garbled?: boolean;
	/** Destroy the connection without an answer. @default false */
	drop?: boolean;
	/** Apply to the next `count` requests of the endpoint only, then clear. @default undefined (until cleared) */
	count?: number;
}

/** Faults per endpoint; an absent endpoint has none. */
export type FaultSettings = Partial<Record<PlatformEndpoint, FaultSpec>>;

/** A validated fault, with the catalogue row of a forced result. */
export interface ActiveFault {
	readonly spec: Readonly<FaultSpec>;
	readonly forced?: ResultCodeEntry;
	remaining?: number;
}

const FAULT_KEYS = ['latencyMs', 'resultCode', 'variant', 'resultDesc', 'httpStatus', 'garbled', 'drop', 'count'] as const;
const ENDPOINTS: readonly PlatformEndpoint[] = ['getMobile', 'imeiTokenValidate'];

function parseFault(endpoint: PlatformEndpoint, value: unknown): ActiveFault | undefined {
	if (value === null || value === undefined) return undefined;
	const field = endpoint;
	const record = requireRecord(value, field);
	rejectUnknownKeys(record, FAULT_KEYS, field);
	const latencyMs = optionalInteger(record.latencyMs, `${field}.latencyMs`, 0, 120_000);
	const resultCode = optionalString(record.resultCode, `${field}.resultCode`, { nonEmpty: true });
	const variant = optionalString(record.variant, `${field}.variant`, { nonEmpty: true });
	const resultDesc = optionalString(record.resultDesc, `${field}.resultDesc`);
	const httpStatus = optionalInteger(record.httpStatus, `${field}.httpStatus`, 400, 599);
	const garbled = optionalBoolean(record.garbled, `${field}.garbled`) ?? false;
	const drop = optionalBoolean(record.drop, `${field}.drop`) ?? false;
	const count = optionalInteger(record.count, `${field}.count`, 1, 1_000_000);
	const kinds = [resultCode !== undefined, httpStatus !== undefined, garbled, drop].filter(Boolean).length;
	if (kinds > 1)
		throw new SimulatorConfigError(field, 'set at most one of resultCode, httpStatus, garbled, drop (latencyMs combines with any).');
	if (variant !== undefined && resultCode === undefined)
		throw new SimulatorConfigError(`${field}.variant`, 'only applies with resultCode.');
	if (resultDesc !== undefined && (resultCode === undefined || variant !== undefined))
		throw new SimulatorConfigError(`${field}.resultDesc`, 'only applies with a resultCode that is in no table (and no variant).');
	let forced: ResultCodeEntry | undefined;
	if (resultCode !== undefined && resultDesc !== undefined) {
		if (!/^\d{6}$/.test(resultCode))
			throw new SimulatorConfigError(`${field}.resultCode`, `must be six digits, got ${JSON.stringify(resultCode)}.`);
		if (anyResultCodeEntry(endpoint, resultCode))
			throw new SimulatorConfigError(
				`${field}.resultDesc`,
				`${resultCode} is catalogued: it answers with the catalogue's description, leave resultDesc out.`,
			);
		forced = Object.freeze({
			endpoint,
			code: resultCode,
			variant: 'uncatalogued',
			zh: resultDesc,
			en: 'A code in no table of the catalogue.',
			category: 'platform-error',
			retryable: true,
			retries: 1,
			user: 'unavailable',
			provenance: 'assumed',
		});
	} else if (resultCode !== undefined) {
		forced = anyResultCodeEntry(endpoint, resultCode, variant);
		if (!forced) {
			const known = RESULT_CODES.filter((e) => e.endpoint === endpoint && e.category !== 'ok').map((e) => `${e.code}/${e.variant}`);
			throw new SimulatorConfigError(
				`${field}.resultCode`,
				`${resultCode}${variant ? `/${variant}` : ''} is not a catalogued error code (known for ` +
					`${endpoint}: ${known.join(', ')}; give resultDesc to answer a code in no table).`,
			);
		}
		if (forced.category === 'ok') throw new SimulatorConfigError(`${field}.resultCode`, 'cannot force success: clear the faults instead.');
	}
	if (kinds === 0 && latencyMs === undefined)
		throw new SimulatorConfigError(field, 'names no fault: set latencyMs, resultCode, httpStatus, garbled or drop (or null to clear).');
	// Only what was set: GET /__sim/faults shows the settings as they were given.
	const given: FaultSpec = {
		latencyMs,
		resultCode,
		variant: forced ? variant : undefined,
		resultDesc,
		httpStatus,
		garbled: garbled || undefined,
		drop: drop || undefined,
		count,
	};
	const spec = Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined)) as FaultSpec;
	return { spec: Object.freeze(spec), forced, remaining: count };
}

/**
 * Validates fault settings; every endpoint is parsed before anything changes.
 *
 * @throws {SimulatorConfigError}
 */
export function parseFaultSettings(value: unknown): Map<PlatformEndpoint, ActiveFault> {
	const record = requireRecord(value ?? {}, 'faults');
	rejectUnknownKeys(record, ENDPOINTS, '');
	const faults = new Map<PlatformEndpoint, ActiveFault>();
	for (const endpoint of ENDPOINTS) {
		const fault = parseFault(endpoint, record[endpoint]);
		if (fault) faults.set(endpoint, fault);
	}
	return faults;
}

/** The current faults as settings (what `GET /__sim/faults` shows), with the remaining count. */
export function describeFaults(faults: ReadonlyMap<PlatformEndpoint, ActiveFault>): FaultSettings {
	const out: FaultSettings = {};
	for (const [endpoint, fault] of faults)
		out[endpoint] = fault.remaining === undefined ? { ...fault.spec } : { ...fault.spec, count: fault.remaining };
	return out;
}

/** Takes the endpoint's fault for one request, counting it down and clearing it when used up. */
export function takeFault(faults: Map<PlatformEndpoint, ActiveFault>, endpoint: PlatformEndpoint): ActiveFault | undefined {
	const fault = faults.get(endpoint);
	if (!fault) return undefined;
	if (fault.remaining !== undefined) {
		fault.remaining -= 1;
		if (fault.remaining <= 0) faults.delete(endpoint);
	}
	return fault;
}
