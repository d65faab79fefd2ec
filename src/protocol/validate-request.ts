import { ProtocolError } from './errors.js';
import { encodeExpandParams, type ExpandParams } from './expand-params.js';
import { VALIDATE_SIGN_FIELDS, VALIDATE_VERSION, type ValidateRequest } from './fields.js';
import { createTraceId } from './identifiers.js';
import { formatTimestamp } from './timestamp.js';

export interface ValidateSignFields {
	appId: string;
	msgId: string;
	timestamp: string;
	token: string;
	version: string;
}

/** The string the imeiTokenValidate RSA signature covers: `appId + msgId + timestamp + token + version`. */
export function validateSignContent(fields: ValidateSignFields): string {
	let content = '';
	for (const name of VALIDATE_SIGN_FIELDS) {
		const value = fields[name];
		if (typeof value !== 'string') throw new ProtocolError('invalid-option', `imeiTokenValidate field "${name}" must be a string.`);
		content += value;
	}
	return content;
}

export interface BuildValidateRequestOptions {
	appId: string;
	token: string;
	/** Makes the Base64 RSA signature of the content (see `signValidateContent` in `cmcc-uaid/server`). */
	sign: (content: string) => string | Promise<string>;
	/** @default a fresh traceId */
	msgId?: string;
	/** @default now */
	now?: Date | number;
	/** @default {} */
	expandParams?: ExpandParams;
}

/** Builds a signed imeiTokenValidate body (guide §3.2.2). */
export async function buildValidateRequest(options: BuildValidateRequestOptions): Promise<ValidateRequest> {
	const header = {
		appId: options.appId,
		msgId: options.msgId ?? createTraceId(),
		version: VALIDATE_VERSION,
		timestamp: formatTimestamp(options.now),
	};
	const sign = await options.sign(validateSignContent({ ...header, token: options.token }));
	return { header, body: { token: options.token, sign, expandParams: encodeExpandParams(options.expandParams) } };
}
