import SparkMD5 from 'spark-md5';
import { ProtocolError } from './errors.js';
import { encodeExpandParams, type ExpandParams } from './expand-params.js';
import { BUSINESS_TYPE, GET_MOBILE_SIGN_FIELDS, GET_MOBILE_VERSION, type GetMobileRequest } from './fields.js';
import { createTraceId } from './identifiers.js';
import { formatTimestamp } from './timestamp.js';

// A lone UTF-16 surrogate (legal in JSON as "\ud800") has no UTF-8 form, so no appkey can have signed
// it. String.prototype.isWellFormed is in every Node the server kit supports (≥ 20.19).
const isWellFormed = (text: string): boolean => (text as string & { isWellFormed(): boolean }).isWellFormed();

type HashFunction = (algorithm: string, data: string, encoding: 'hex') => string;

/**
 * MD5 as lowercase hex of the UTF-8 bytes: Node's one-shot `crypto.hash` where the runtime has it
 * (a third of spark-md5's CPU per sign), spark-md5 elsewhere (browsers, edge runtimes) and where
 * OpenSSL refuses MD5 (FIPS mode). Both hash the same bytes: the content is checked well-formed first.
 */
const md5Hex: (content: string) => string = (() => {
	const getBuiltinModule = (globalThis as { process?: { getBuiltinModule?: (id: string) => { hash?: HashFunction } | undefined } }).process
		?.getBuiltinModule;
	const hash = typeof getBuiltinModule === 'function' ? getBuiltinModule('node:crypto')?.hash : undefined;
	if (typeof hash !== 'function') return (content: string) => SparkMD5.hash(content);
	try {
		hash('md5', '', 'hex');
	} catch {
		return (content: string) => SparkMD5.hash(content);
	}
	return (content: string) => hash('md5', content, 'hex');
})();

export type GetMobileSignFields = Pick<GetMobileRequest, (typeof GET_MOBILE_SIGN_FIELDS)[number]>;

/**
 * The getMobile sign: `MD5(appId + businessType + msgId + timestamp + traceId + version + appkey)`
 * over UTF-8, lowercase hex (guide §3.1.2). spark-md5 where Node's `crypto.hash` is missing, because
 * WebCrypto has no MD5 and the same code runs in browsers, Node.js and edge runtimes.
 */
export function computeGetMobileSign(fields: GetMobileSignFields, appKey: string): string {
	if (typeof appKey !== 'string' || appKey === '')
		throw new ProtocolError('invalid-option', 'An appKey is required to sign a getMobile request.');
	let content = '';
	for (const name of GET_MOBILE_SIGN_FIELDS) {
		const value = fields[name];
		if (typeof value !== 'string') throw new ProtocolError('invalid-option', `getMobile field "${name}" must be a string.`);
		content += value;
	}
	content += appKey;
	if (!isWellFormed(content))
		throw new ProtocolError(
			'invalid-option',
			'getMobile fields and appKey must be well-formed Unicode (a lone surrogate has no UTF-8 form).',
		);
	return md5Hex(content);
}

/**
 * Whether a getMobile body's `sign` matches the appkey (case-insensitive hex, as MD5 hex is). Never throws for a body no appkey
 * can have signed.
 */
export function verifyGetMobileSign(request: GetMobileSignFields & { sign: string }, appKey: string): boolean {
	let expected: string;
	try {
		expected = computeGetMobileSign(request, appKey);
	} catch {
		return false;
	}
	const given = typeof request.sign === 'string' ? request.sign.toLowerCase() : '';
	if (given.length !== expected.length) return false;
	let diff = 0;
	for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ given.charCodeAt(i);
	return diff === 0;
}

export interface SignGetMobileOptions {
	appId: string;
	appKey: string;
	/** Extra parameters for the platform, encoded with {@link encodeExpandParams}. @default {} */
	expandParams?: ExpandParams;
	/** @default a fresh {@link createTraceId} */
	traceId?: string;
	/** msgId; the vendor's sibling guide says it equals the traceId. @default traceId */
	msgId?: string;
	/** @default now */
	now?: Date | number;
}

/**
 * Builds the complete getMobile body the browser posts, identifiers and Beijing-time timestamp
 * included, signed with the appkey.
 *
 * @example signGetMobileRequest({ appId: '300011580392', appKey: process.env.UAID_APP_KEY! })
 */
export function signGetMobileRequest(options: SignGetMobileOptions): GetMobileRequest {
	if (typeof options.appId !== 'string' || options.appId === '')
		throw new ProtocolError('invalid-option', 'An appId is required to sign a getMobile request.');
	const traceId = options.traceId ?? createTraceId();
	const fields: GetMobileSignFields = {
		appId: options.appId,
		businessType: BUSINESS_TYPE,
		msgId: options.msgId ?? traceId,
		timestamp: formatTimestamp(options.now),
		traceId,
		version: GET_MOBILE_VERSION,
	};
	return {
		appId: fields.appId,
		businessType: fields.businessType,
		msgId: fields.msgId,
		timestamp: fields.timestamp,
		traceId: fields.traceId,
		version: fields.version,
		sign: computeGetMobileSign(fields, options.appKey),
		expandParams: encodeExpandParams(options.expandParams),
	};
}
