import { ProtocolError } from './errors.js';
// From the classes alone: the catalogue's descriptions would triple the browser client's own size.
import { classifyResultCode, type PlatformEndpoint, type ResultCategory } from './result-classes.js';

export interface PlatformResponseHeader {
	appId?: string;
	msgId?: string;
	timestamp?: string;
	version?: string;
}

export interface PlatformResult {
	readonly endpoint: PlatformEndpoint;
	readonly header: PlatformResponseHeader;
	readonly resultCode: string;
	readonly resultDesc: string;
	readonly expandParams: string;
	readonly category: ResultCategory;
	readonly retryable: boolean;
}

export interface GetMobileResult extends PlatformResult {
	readonly endpoint: 'getMobile';
	/** Present when `category` is `ok`. */
	readonly token?: string;
}

export interface ValidateResult extends PlatformResult {
	readonly endpoint: 'imeiTokenValidate';
	/** Present when `category` is `ok`. */
	readonly uaid?: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const asString = (value: unknown): string | undefined => (typeof value === 'string' ? value : typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined);

function readHeader(value: unknown): PlatformResponseHeader {
	const header: PlatformResponseHeader = {};
	if (!isRecord(value)) return header;
	for (const key of ['appId', 'msgId', 'timestamp', 'version'] as const) {
		const text = asString(value[key]);
		if (text !== undefined) header[key] = text;
	}
	return header;
}

function readResult(endpoint: PlatformEndpoint, value: unknown): { header: PlatformResponseHeader; body: Record<string, unknown>; base: PlatformResult } {
	const json = typeof value === 'string' ? parseJson(value) : value;
	if (!isRecord(json) || !isRecord(json.body)) throw new ProtocolError('invalid-response', `The ${endpoint} answer has no body object.`);
	const body = json.body;
	// The guide's own validate example spells it `resultCoode`; accept both.
	const resultCode = asString(body.resultCode) ?? asString(body.resultCoode);
	if (resultCode === undefined || resultCode === '') throw new ProtocolError('invalid-response', `The ${endpoint} answer has no resultCode.`);
	const header = readHeader(json.header);
	const { category, retryable } = classifyResultCode(endpoint, resultCode);
	return {
		header,
		body,
		base: { endpoint, header, resultCode, resultDesc: asString(body.resultDesc) ?? '', expandParams: asString(body.expandParams) ?? '', category, retryable },
	};
}

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch (cause) {
		throw new ProtocolError('invalid-response', 'The platform answer is not JSON.', { cause });
	}
}

/**
 * Reads a getMobile answer (an object or its JSON text). A success without a token is invalid.
 *
 * @throws {ProtocolError} `invalid-response` when it is not the platform's shape.
 */
export function parseGetMobileResponse(value: unknown): GetMobileResult {
	const { body, base } = readResult('getMobile', value);
	const token = asString(body.token);
	if (base.category === 'ok' && !token) throw new ProtocolError('invalid-response', 'The getMobile answer reports success but carries no token.');
	return { ...base, endpoint: 'getMobile', ...(token ? { token } : {}) };
}

/**
 * Reads an imeiTokenValidate answer (an object or its JSON text). Tolerates the guide's quirks:
 * `resultCoode`, an echoed `version` or `appId` that differs from the request. A success without a UAID is invalid.
 *
 * @throws {ProtocolError} `invalid-response` when it is not the platform's shape.
 */
export function parseValidateResponse(value: unknown): ValidateResult {
	const { body, base } = readResult('imeiTokenValidate', value);
	const uaid = asString(body.UAID) ?? asString(body.uaid);
	if (base.category === 'ok' && !uaid) throw new ProtocolError('invalid-response', 'The imeiTokenValidate answer reports success but carries no UAID.');
	return { ...base, endpoint: 'imeiTokenValidate', ...(uaid ? { uaid } : {}) };
}
