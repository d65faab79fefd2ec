import { carrierFromMsisdnOwner } from './carrier.js';
import { isRecord } from './is-record.js';
import { ProtocolError } from './errors.js';
// From the classes alone: the catalogue's descriptions would triple the browser client's own size.
import { classifyResultCode, type PlatformEndpoint, type ResultCategory } from './result-classes.js';
import type { MobileCarrier } from './backend-wire.js';

interface PlatformResponseHeader {
	appId?: string;
	msgId?: string;
	timestamp?: string;
	version?: string;
}

interface PlatformResult {
	readonly endpoint: PlatformEndpoint;
	readonly resultCode: string;
	readonly resultDesc: string;
	readonly category: ResultCategory;
	readonly retryable: boolean;
	/** Whether the code is in the catalogue; an unknown one is a `platform-error` retried at most once. */
	readonly known: boolean;
}

export interface GetMobileResult extends PlatformResult {
	readonly endpoint: 'getMobile';
	/** Present when `category` is `ok`. */
	readonly token?: string;
	/** The data connection's carrier, where the answer names it (`msisdnOwner`: CM / CU / CT). */
	readonly carrier?: MobileCarrier;
}

/** The header and expandParams are read from validate answers only: nothing reads getMobile's, and the browser would carry the code. */
export interface ValidateResult extends PlatformResult {
	readonly endpoint: 'imeiTokenValidate';
	readonly header: PlatformResponseHeader;
	readonly expandParams: string;
	/** Present when `category` is `ok`. */
	readonly uaid?: string;
}

const asString = (value: unknown): string | undefined =>
	typeof value === 'string' ? value : typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;

/**
 * A result code as text. A number loses its leading zeros in JSON: validate's success `000000` is
 * `0`, the one code that starts with a zero, so 0 is padded back; any other number is its digits.
 */
function asCode(value: unknown): string | undefined {
	if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? (value ? String(value) : '0'.repeat(6)) : undefined;
	return typeof value === 'string' ? value.trim() : undefined;
}

// The guide's spelling, its validate example's typo, and the lower-case one of vendor examples.
const CODE_KEYS = ['resultCode', 'resultCoode', 'resultcode'] as const;
const DESC_KEYS = ['resultDesc', 'resultdesc'] as const;

function firstOf<T>(
	records: readonly Record<string, unknown>[],
	keys: readonly string[],
	read: (value: unknown) => T | undefined,
): T | undefined {
	for (const record of records) {
		for (const key of keys) {
			const value = read(record[key]);
			if (value !== undefined) return value;
		}
	}
	return undefined;
}

function readHeader(records: readonly Record<string, unknown>[]): PlatformResponseHeader {
	const header: PlatformResponseHeader = {};
	for (const key of ['appId', 'msgId', 'timestamp', 'version'] as const) {
		const text = firstOf(records, [key], asString);
		if (text !== undefined) header[key] = text;
	}
	return header;
}

/**
 * Reads an answer in any shape real traffic has shown: `{header, body}` (the guide), flat
 * `{resultCode, resultDesc, token, …}`, or `resultCode` in `header` (older NumberAbility APIs).
 * Fields are looked for in `body`, then at the top, then in `header`; unknown fields are ignored.
 */
function readResult(
	endpoint: PlatformEndpoint,
	value: unknown,
): {
	json: Record<string, unknown>;
	header: Record<string, unknown> | undefined;
	fields: readonly Record<string, unknown>[];
	base: PlatformResult;
} {
	const json = typeof value === 'string' ? parseJson(endpoint, value) : value;
	if (!isRecord(json)) throw new ProtocolError('invalid-response', `${endpoint}: not a JSON object`);
	const header = isRecord(json.header) ? json.header : undefined;
	const fields = [...(isRecord(json.body) ? [json.body] : []), json, ...(header ? [header] : [])];
	const resultCode = firstOf(fields, CODE_KEYS, asCode);
	if (resultCode === undefined || resultCode === '') throw new ProtocolError('invalid-response', `${endpoint}: no resultCode`);
	const { category, retryable, known } = classifyResultCode(endpoint, resultCode);
	return {
		json,
		header,
		fields,
		base: { endpoint, resultCode, resultDesc: firstOf(fields, DESC_KEYS, asString) ?? '', category, retryable, known },
	};
}

function parseJson(endpoint: PlatformEndpoint, text: string): unknown {
	try {
		return JSON.parse(text);
	} catch (cause) {
		throw new ProtocolError('invalid-response', `${endpoint}: not JSON`, { cause });
	}
}

/**
 * Reads a getMobile answer (an object or its JSON text), enveloped or flat. A success without a token is invalid.
 *
 * @throws {ProtocolError} `invalid-response` when it is not the platform's shape.
 */
export function parseGetMobileResponse(value: unknown): GetMobileResult {
	const { fields, base } = readResult('getMobile', value);
	const token = firstOf(fields, ['token'], asString);
	if (base.category === 'ok' && !token) throw new ProtocolError('invalid-response', 'getMobile: success but no token');
	const carrier = firstOf(fields, ['msisdnOwner'], carrierFromMsisdnOwner);
	return { ...base, endpoint: 'getMobile', ...(token ? { token } : {}), ...(carrier ? { carrier } : {}) };
}

/**
 * Reads an imeiTokenValidate answer (an object or its JSON text), enveloped or flat. Tolerates the
 * guide's quirks: `resultCoode`, an echoed `version` or `appId` that differs from the request. A success without a UAID is invalid.
 *
 * @throws {ProtocolError} `invalid-response` when it is not the platform's shape.
 */
export function parseValidateResponse(value: unknown): ValidateResult {
	const { json, header, fields, base } = readResult('imeiTokenValidate', value);
	const uaid = firstOf(fields, ['UAID', 'uaid'], asString);
	if (base.category === 'ok' && !uaid) throw new ProtocolError('invalid-response', 'imeiTokenValidate: success but no UAID');
	return {
		...base,
		endpoint: 'imeiTokenValidate',
		header: readHeader([...(header ? [header] : []), json]),
		expandParams: firstOf(fields, ['expandParams'], asString) ?? '',
		...(uaid ? { uaid } : {}),
	};
}
