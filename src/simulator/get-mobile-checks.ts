import { GET_MOBILE_REQUIRED_FIELDS } from '../protocol/fields.js';
import { verifyGetMobileSign } from '../protocol/get-mobile.js';
import { resultVariant } from '../protocol/result-codes.js';
import { parseTimestamp } from '../protocol/timestamp.js';
import type { NetworkMode } from './network.js';
import type { EchoFields, PlatformAnswer } from './platform-answer.js';
import { optionalStringField, parseJsonObject, readRequiredFields, stringProp } from './read-fields.js';
import type { RequestContext, SimulatorState } from './state.js';

const answer = (variant: string): PlatformAnswer => ({ entry: resultVariant('getMobile', variant) });

/** The row for each connection that is not a China Mobile cellular one with a number, as the guide words it. */
const GUIDE_NETWORK_VARIANT: Record<Exclude<NetworkMode, 'cellular'>, string> = {
	wifi: 'no-number',
	'other-carrier': 'not-china-mobile',
	blacklisted: 'blacklisted',
	'cellular-no-number': 'gateway-no-number',
};

/** The same as real devices see it: off China Mobile's gateway, getMobile answers 103111. */
const OBSERVED_NETWORK_VARIANT: Record<Exclude<NetworkMode, 'cellular'>, string> = {
	...GUIDE_NETWORK_VARIANT,
	wifi: 'gateway-ip',
	'other-carrier': 'gateway-ip',
};

const MSISDN_OWNER = { 'china-unicom': 'CU', 'china-telecom': 'CT' } as const;

/** Whether a 17-digit timestamp is a real instant within `windowMs` of `now`, either way (105112 otherwise; an assumed window). */
function withinWindow(timestamp: string, now: number, windowMs: number): boolean {
	try {
		return Math.abs(parseTimestamp(timestamp).getTime() - now) <= windowMs;
	} catch {
		return false;
	}
}

export interface CheckOutcome {
	readonly answer: PlatformAnswer;
	readonly echo: EchoFields;
	readonly appId?: string;
	/** The token issued or presented (the log masks it). */
	readonly token?: string;
}

/** The header fields a getMobile answer echoes, read as leniently as possible. */
export function getMobileEcho(text: string | undefined): EchoFields {
	const record = text === undefined ? undefined : parseJsonObject(text);
	return { appId: stringProp(record, 'appId'), msgId: stringProp(record, 'msgId') };
}

/**
 * getMobile's checks, in the order the issue fixes: parse (130032), required fields (130010),
 * timestamp within `timestampWindowMs` when set (105112, assumed order and window), appId known (110022), rights (110023), validity
 * window (110022 权益已失效), ability (110025),
 * sign (130018, assumed), network (103111/103134 observed, 111002), rate limit per appId + client IP (140005); then a token.
 */
export function checkGetMobile(text: string, state: SimulatorState, context: RequestContext): CheckOutcome {
	const now = state.now();
	const record = parseJsonObject(text);
	if (!record) return { answer: answer('parse-error'), echo: {} };
	const echo = getMobileEcho(text);
	// The guide's field table spells it `traceid`, its example `traceId`: accept both.
	const fields = readRequiredFields(record, GET_MOBILE_REQUIRED_FIELDS, { traceId: 'traceid' });
	if (fields.kind === 'missing') return { answer: answer(`missing-${fields.field}`), echo };
	if (fields.kind === 'wrong-type' || !optionalStringField(record, 'expandParams').ok) return { answer: answer('parse-error'), echo };
	const { appId } = fields.values;
	if (state.timestampWindowMs !== undefined && !withinWindow(fields.values.timestamp, now, state.timestampWindowMs))
		return { answer: answer('timestamp-invalid'), echo, appId };

	const app = state.apps.get(appId);
	if (!app) return { answer: answer('unknown-app'), echo, appId };
	if (!app.rights) return { answer: answer('no-rights'), echo, appId };
	if ((app.validFrom !== undefined && now < app.validFrom) || (app.validTo !== undefined && now >= app.validTo))
		return { answer: answer('validity-expired'), echo, appId };
	if (!app.abilityValid) return { answer: answer('ability-invalid'), echo, appId };
	if (!verifyGetMobileSign(fields.values, app.appKey)) return { answer: answer('sign-invalid'), echo, appId };

	const { mode, msisdn, carrier } = state.network;
	if (mode !== 'cellular') {
		const observed = state.answers.notCellular !== 'guide';
		const refusal = answer((observed ? OBSERVED_NETWORK_VARIANT : GUIDE_NETWORK_VARIANT)[mode]);
		// Another carrier's connection is one the gateway can name, as it did for a real China Unicom phone.
		if (observed && mode === 'other-carrier')
			return {
				answer: {
					...refusal,
					gateway: {
						msisdnOwner: MSISDN_OWNER[carrier],
						ipType: context.clientIp.includes(':') && !context.clientIp.startsWith('::ffff:') ? 'ipv6' : 'ipv4',
					},
				},
				echo,
				appId,
			};
		return { answer: refusal, echo, appId };
	}
	if (!state.rateLimiter.hit(`${appId}\u0000${context.clientIp}`, app.rateLimitPerMinute, now))
		return { answer: answer('rate-limited'), echo, appId };

	const issued = state.tokens.issue(now, { appId, msisdn, origin: context.origin, referer: context.referer });
	return { answer: { entry: resultVariant('getMobile', 'success'), token: issued.token }, echo, appId, token: issued.token };
}
