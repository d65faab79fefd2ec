import { VALIDATE_VERSION } from '../protocol/fields.js';
import type { PlatformEndpoint, ResultCodeEntry } from '../protocol/result-codes.js';
import { formatTimestamp } from '../protocol/timestamp.js';
import type { AnswerSettings } from './answer-settings.js';

/** What the request said about itself, echoed in the answer's header. */
export interface EchoFields {
	appId?: string | undefined;
	msgId?: string | undefined;
	version?: string | undefined;
}

/** A platform answer before it is sent: the catalogue row it reports and its extra body fields. */
export interface PlatformAnswer {
	readonly entry: ResultCodeEntry;
	readonly token?: string;
	readonly uaid?: string;
	/**
	 * The gateway's own fields, as the observed 103111 answer carried them (`msisdnOwner`,
	 * `msisdnOwnerback`, `ctGetMobileSwitch`, `keytype`, `cuGetMobileSwitch`, `ipType`): the body
	 * is then laid out as that answer was, without `expandParams`.
	 */
	readonly gateway?: GatewayFields;
}

/** What the gateway adds to an answer for a connection it can name (PROTOCOL.md § 6.1). */
interface GatewayFields {
	readonly msisdnOwner: 'CM' | 'CU' | 'CT';
	readonly ipType: 'ipv4' | 'ipv6';
}

/** The observed 103111 body, field for field in its order (the switches off, keytype 1, as seen). */
function gatewayBody(answer: PlatformAnswer, gateway: GatewayFields): Record<string, string> {
	return {
		msisdnOwner: gateway.msisdnOwner,
		msisdnOwnerback: '0',
		ctGetMobileSwitch: '0',
		resultCode: answer.entry.code,
		keytype: '1',
		cuGetMobileSwitch: '0',
		resultDesc: answer.entry.zh,
		ipType: gateway.ipType,
	};
}

/**
 * The answer body in the guide's shape (§3.1.3 / §3.2.3): `header` echoes appId and msgId (and,
 * for validate, version), `body` carries resultCode, resultDesc (the guide's Chinese text),
 * expandParams (always empty: the simulator has nothing to add) and the token or UAID.
 * `flat` is the shape one real integration logged: `{resultCode, resultDesc, token}`, nothing else.
 */
export function platformAnswerBody(
	endpoint: PlatformEndpoint,
	answer: PlatformAnswer,
	echo: EchoFields,
	now: number,
	shape: AnswerSettings['shape'] = 'enveloped',
): unknown {
	if (shape === 'flat') {
		const flat: Record<string, string> = answer.gateway
			? gatewayBody(answer, answer.gateway)
			: { resultCode: answer.entry.code, resultDesc: answer.entry.zh };
		if (endpoint === 'getMobile' && answer.token !== undefined) flat.token = answer.token;
		if (endpoint === 'imeiTokenValidate' && answer.uaid !== undefined) flat.UAID = answer.uaid;
		return flat;
	}
	const timestamp = formatTimestamp(now);
	const body: Record<string, string> = answer.gateway
		? gatewayBody(answer, answer.gateway)
		: { resultCode: answer.entry.code, resultDesc: answer.entry.zh, expandParams: '' };
	if (endpoint === 'getMobile') {
		if (answer.token !== undefined) body.token = answer.token;
		return { header: { appId: echo.appId ?? '', msgId: echo.msgId ?? '', timestamp }, body };
	}
	if (answer.uaid !== undefined) body.UAID = answer.uaid;
	// The guide: header.version is "对应请求中的 version" — echo it, fall back to the current version.
	return { header: { appId: echo.appId ?? '', msgId: echo.msgId ?? '', version: echo.version ?? VALIDATE_VERSION, timestamp }, body };
}
