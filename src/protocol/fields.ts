/**
 * Field lists and fixed values of the two platform requests, from the guide (§3.1.2, §3.2.2).
 * Everything that builds, checks or documents a request reads them from here.
 */

/** Production getMobile endpoint (guide §3.1.1). */
export const GET_MOBILE_URL = 'https://verify.cmpassport.com/h5/getMobile';
/** Production imeiTokenValidate endpoint (guide §3.2.1). */
export const VALIDATE_URL = 'https://www.cmpassport.com/NumberAbility/h5/imeiTokenValidate.htm';
export const GET_MOBILE_PATH = '/h5/getMobile';
export const VALIDATE_PATH = '/NumberAbility/h5/imeiTokenValidate.htm';

export const GET_MOBILE_VERSION = '1.0';
export const VALIDATE_VERSION = '2.0';
export const BUSINESS_TYPE = '3';

/** The getMobile body as the browser posts it. */
export interface GetMobileRequest {
	version: string;
	timestamp: string;
	appId: string;
	businessType: string;
	traceId: string;
	msgId: string;
	sign: string;
	expandParams: string;
}

/** Required getMobile fields, in the order the platform reports a missing one (130010). */
export const GET_MOBILE_REQUIRED_FIELDS = [
	'appId',
	'msgId',
	'timestamp',
	'traceId',
	'version',
	'businessType',
	'sign',
] as const satisfies readonly (keyof GetMobileRequest)[];

/** The values concatenated, in this order, before the appkey, for the getMobile MD5 sign (guide §3.1.2). */
export const GET_MOBILE_SIGN_FIELDS = [
	'appId',
	'businessType',
	'msgId',
	'timestamp',
	'traceId',
	'version',
] as const satisfies readonly (keyof GetMobileRequest)[];

export interface ValidateRequestHeader {
	appId: string;
	msgId: string;
	version: string;
	timestamp: string;
}

export interface ValidateRequestBody {
	token: string;
	sign: string;
	expandParams: string;
}

/** The imeiTokenValidate body the integrator's server posts. */
export interface ValidateRequest {
	header: ValidateRequestHeader;
	body: ValidateRequestBody;
}

export const VALIDATE_REQUIRED_HEADER_FIELDS = [
	'appId',
	'msgId',
	'timestamp',
	'version',
] as const satisfies readonly (keyof ValidateRequestHeader)[];
export const VALIDATE_REQUIRED_BODY_FIELDS = ['token', 'sign'] as const satisfies readonly (keyof ValidateRequestBody)[];

/**
 * The values concatenated for the imeiTokenValidate RSA sign: the guide sorts the parameter names
 * naturally (Java TreeMap), which for these five names is this order.
 */
export const VALIDATE_SIGN_FIELDS = ['appId', 'msgId', 'timestamp', 'token', 'version'] as const;

/** Token shape the simulator issues (an assumption from the guide's examples: `H5HTTPS` + 32 upper-case hex). */
export const TOKEN_PATTERN = /^H5HTTPS[0-9A-F]{32}$/;
/** UAID shape (the guide's example: 64 hex characters). */
export const UAID_PATTERN = /^[0-9a-f]{64}$/;
/** Token lifetime the guide states (§3.2.3, 120009: 五分钟). */
export const TOKEN_TTL_SECONDS = 300;
/** Default platform rate limit per appId and client IP (guide §3.1.3, 140005). */
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 10_000;
