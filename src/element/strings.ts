import type { UaidClientError, UaidClientErrorCode, UaidStage } from '../client/index.js';
import type { UserSentenceKey } from '../protocol/result-types.js';

/**
 * What a failure means to the person holding the phone. Codes that mean the same to them share
 * one sentence; any code not named in {@link SITUATIONS} (a fault on the platform or the site's
 * own backend) is `unavailable`.
 */
export type UaidSituation = UserSentenceKey | 'wifi' | 'otherCarrier' | 'network';

/** The words of the default UI in one language: the labels, and one sentence per situation. */
export interface UaidStrings extends Record<UaidSituation, string> {
	button: string;
	busy: string;
	success: string;
	tokenReceived: string;
	retry: string;
	/** The `consent` slot's default: the page should put its own text and policy link there. */
	consent: string;
	/** Announced when the button is tapped before the box is ticked. */
	consentRequired: string;
	/** The carriers `otherCarrier` names in place of `{carrier}`. */
	'china-unicom': string;
	'china-telecom': string;
}

const SITUATIONS: Partial<Record<UaidClientErrorCode, UaidSituation>> = {
	'wifi-detected': 'wifi',
	'not-cellular': 'notCellular',
	'rate-limited': 'rateLimited',
	// Nothing the user can change: the site has to.
	'app-config': 'misconfigured',
	'invalid-option': 'misconfigured',
	'origin-not-allowed': 'misconfigured',
	'bad-request': 'misconfigured',
	// Only a new run helps, and the retry button starts one.
	'token-expired': 'expired',
	'replayed-trace': 'expired',
	'unknown-trace': 'expired',
	'validate-outcome-unknown': 'expired',
};

const zhCN: UaidStrings = {
	button: '本机一键认证',
	busy: '正在认证…',
	success: '认证成功',
	tokenReceived: '已获取认证凭证',
	retry: '重试',
	wifi: '当前是 Wi-Fi，请关闭 Wi-Fi，使用中国移动手机数据网络后重试。',
	notCellular: '无法识别本机号码，请使用中国移动手机数据网络后重试。',
	otherCarrier: '当前为{carrier}网络，请用中国移动数据网络。',
	'china-unicom': '中国联通',
	'china-telecom': '中国电信',
	misconfigured: '服务配置有误，请联系网站客服。',
	rateLimited: '请求过于频繁，请稍后再试。',
	expired: '认证已失效，请重试。',
	unavailable: '认证服务暂时不可用，请稍后重试。',
	network: '网络连接失败，请检查网络后重试。',
	consent: '我同意',
	consentRequired: '请先勾选同意协议。',
};

const en: UaidStrings = {
	button: 'Verify this phone',
	busy: 'Verifying…',
	success: 'Verified',
	tokenReceived: 'Token received',
	retry: 'Try again',
	wifi: 'You are on Wi-Fi. Turn it off and use China Mobile cellular data, then try again.',
	notCellular: 'This phone could not be recognised. Use China Mobile cellular data, then try again.',
	otherCarrier: "This is {carrier} data; use China Mobile's.",
	'china-unicom': 'China Unicom',
	'china-telecom': 'China Telecom',
	misconfigured: 'The service is misconfigured. Please contact the site.',
	rateLimited: 'Too many attempts. Please wait a moment.',
	expired: 'The verification expired. Please try again.',
	unavailable: 'The verification service is unavailable. Please try again later.',
	network: 'Network connection failed. Check your connection and try again.',
	consent: 'I agree',
	consentRequired: 'Please tick the box to agree first.',
};

/** `en*` gives English; anything else (and no `lang`) the default, Simplified Chinese. */
export function stringsFor(lang: string | null | undefined): UaidStrings {
	return lang && /^en\b/i.test(lang) ? en : zhCN;
}

/**
 * The situation of a failure. No answer from getMobile is the user's connection; no answer from
 * the site's own sign or validate endpoint is the site's service, whatever the user's network.
 * (A platform code's own sentence is its catalogue row's `user`, which is its category's:
 * test/element/strings.test.ts holds the two together.)
 */
export function situationOf(code: UaidClientErrorCode, stage: UaidStage): UaidSituation {
	if (code === 'network' || code === 'timeout') return stage === 'token' ? 'network' : 'unavailable';
	return SITUATIONS[code] ?? 'unavailable';
}

/** Situations a new run can end (after another network, a moment's wait, or at once for a spent token): their sentences say "try again". */
const USER_CAN_CHANGE: ReadonlySet<UaidSituation> = new Set(['wifi', 'notCellular', 'rateLimited', 'expired']);

/**
 * Whether the error state offers a retry: where trying again at once may help (the error's own
 * `retryable`, from the catalogue or the backend), or after what its sentence (its `situation`)
 * asks of the user. Not after a misconfiguration: another tap would spend a sign and a getMobile
 * and fail the same way.
 */
export function offersRetry({ retryable }: UaidClientError, situation: UaidSituation): boolean {
	return retryable || USER_CAN_CHANGE.has(situation);
}

/** What the user is told about a failure: the situation's sentence, naming the carrier where getMobile's answer named another one. */
export function failureSentence(strings: UaidStrings, { code, stage, carrier }: UaidClientError): string {
	return code === 'not-cellular' && carrier && carrier !== 'china-mobile'
		? strings.otherCarrier.replace('{carrier}', strings[carrier])
		: strings[situationOf(code, stage)];
}
