import type { UaidClientErrorCode } from '../client/index.js';

/** The words of the default UI in one language. */
export interface UaidStrings {
	button: string;
	busy: string;
	success: string;
	tokenReceived: string;
	retry: string;
	/** Used for any code without its own sentence. */
	errorFallback: string;
	errors: Partial<Record<UaidClientErrorCode, string>>;
}

// One sentence per situation: codes that mean the same to the user share it.
const ZH_MISCONFIGURED = '服务配置有误，请联系网站客服。';
const ZH_EXPIRED = '认证凭证已失效，请重试。';
const ZH_UNAVAILABLE = '认证服务暂时不可用，请重试。';
const EN_MISCONFIGURED = 'The service is misconfigured. Please contact the site.';
const EN_EXPIRED = 'The verification expired. Please try again.';
const EN_UNAVAILABLE = 'The verification service is unavailable. Please try again.';

const zhCN: UaidStrings = {
	button: '本机一键认证',
	busy: '正在认证…',
	success: '认证成功',
	tokenReceived: '已获取认证凭证',
	retry: '重试',
	errorFallback: '认证失败，请重试',
	errors: {
		'wifi-detected': '当前连接的是 Wi-Fi。请关闭 Wi-Fi，使用中国移动手机数据网络后重试。',
		'not-cellular': '无法识别本机号码。请使用中国移动手机数据网络（不是 Wi-Fi 或其他运营商）后重试。',
		'app-config': ZH_MISCONFIGURED,
		'invalid-option': ZH_MISCONFIGURED,
		'origin-not-allowed': ZH_MISCONFIGURED,
		'bad-request': '请求无效，请联系网站客服。',
		'rate-limited': '请求过于频繁，请稍后再试。',
		'token-expired': ZH_EXPIRED,
		'replayed-trace': ZH_EXPIRED,
		'unknown-trace': ZH_EXPIRED,
		'platform-error': ZH_UNAVAILABLE,
		'platform-unreachable': ZH_UNAVAILABLE,
		'integrator-failed': ZH_UNAVAILABLE,
		network: '网络连接失败，请检查网络后重试。',
		timeout: '请求超时，请重试。',
		'invalid-response': '服务返回异常，请重试。',
		'http-error': '服务暂时不可用，请重试。',
	},
};

const en: UaidStrings = {
	button: 'Verify this phone',
	busy: 'Verifying…',
	success: 'Verified',
	tokenReceived: 'Token received',
	retry: 'Try again',
	errorFallback: 'Verification failed. Please try again.',
	errors: {
		'wifi-detected': 'You are on Wi-Fi. Turn Wi-Fi off and use China Mobile cellular data, then try again.',
		'not-cellular': 'This phone could not be recognised. Use China Mobile cellular data (not Wi-Fi or another carrier), then try again.',
		'app-config': EN_MISCONFIGURED,
		'invalid-option': EN_MISCONFIGURED,
		'origin-not-allowed': EN_MISCONFIGURED,
		'bad-request': 'The request was invalid. Please contact the site.',
		'rate-limited': 'Too many attempts. Please wait a moment.',
		'token-expired': EN_EXPIRED,
		'replayed-trace': EN_EXPIRED,
		'unknown-trace': EN_EXPIRED,
		'platform-error': EN_UNAVAILABLE,
		'platform-unreachable': EN_UNAVAILABLE,
		'integrator-failed': EN_UNAVAILABLE,
		network: 'Network connection failed. Check your connection and try again.',
		timeout: 'The request timed out. Please try again.',
		'invalid-response': 'The service answered unexpectedly. Please try again.',
		'http-error': 'The service is unavailable. Please try again.',
	},
};

/** `en*` gives English; anything else (and no `lang`) the default, Simplified Chinese. */
export function stringsFor(lang: string | null | undefined): UaidStrings {
	return lang && /^en\b/i.test(lang) ? en : zhCN;
}

export function errorText(strings: UaidStrings, code: UaidClientErrorCode): string {
	return strings.errors[code] ?? strings.errorFallback;
}
