/**
 * What the integrator changes when the platform refuses the app's configuration (`app-config`),
 * per endpoint: one code can need different fixes where it is answered. 130018 at getMobile (the
 * browser's call, stage `token`) means the getMobile MD5 sign — made with the appKey for the appId —
 * did not verify, so the appKey or appId is wrong, and the backend never sees it; 130018 at
 * imeiTokenValidate (stage `validate`) means the RSA signature did not verify against the
 * registered public key. Part of the result-code catalogue, without Node code and out of every
 * bundle that does not import it; the READMEs' error table is generated from it.
 */
import type { PlatformEndpoint } from './result-classes.js';
import { APP_KEY_MISMATCH, ORIGIN_NOT_REGISTERED, PUBLIC_KEY_MISMATCH } from './result-fix-summaries.js';

export interface ResultFix {
	/** What to change, in English. */
	readonly en: string;
	/** The same in Chinese. */
	readonly zh: string;
}

const fix = (en: string, zh: string): ResultFix => Object.freeze({ en, zh });

const APP_ID_UNKNOWN = fix("the appId is not the open platform's, or outside its validity window: check `appId` and the app's dates", 'appId 与开放平台不符，或不在有效期内：核对 `appId` 及应用的有效期');
const NO_RIGHTS = fix('the appId has no rights to UAID: have the ability granted at the open platform', '该 appId 没有 UAID 能力的权益：在开放平台开通');
const SIGN_GET_MOBILE = fix(APP_KEY_MISMATCH + ': set `appKey` to the appkey the open platform shows for this `appId` (keygen and the RSA key play no part here)', 'appKey 或 appId 与平台不符：把 `appKey` 设为开放平台上该 `appId` 的 appkey（与 keygen 和 RSA 密钥无关）');

/** Every `app-config` code of each endpoint (test/protocol/result-fixes.test.ts holds them to RESULT_CLASSES). */
export const RESULT_FIXES: Readonly<Record<PlatformEndpoint, Readonly<Record<string, ResultFix>>>> = Object.freeze({
	getMobile: Object.freeze({
		'130018': SIGN_GET_MOBILE,
		'103101': SIGN_GET_MOBILE,
		'110022': APP_ID_UNKNOWN,
		'110023': NO_RIGHTS,
		'110025': fix('the ability is no longer valid for this app: renew it at the open platform', '该应用的能力已失效：在开放平台续期'),
	}),
	imeiTokenValidate: Object.freeze({
		'130018': fix(PUBLIC_KEY_MISMATCH + ": register the public key of `privateKey` (keygen's `.pub` file) as RSA 公钥, or set " + "`signatureAlgorithm: 'sha256'` if your RsaUtils says SHA256withRSA (`npx cmcc-uaid doctor` " + "tells which)", "报备的公钥或签名算法不匹配：把 `privateKey` 对应的公钥（keygen 写出的 `.pub` 文件）报备为 RSA 公钥；若你的 RsaUtils 为 " + "SHA256withRSA，设置 `signatureAlgorithm: 'sha256'`（`npx cmcc-uaid doctor` 可判断是哪一项）"),
		'110004': fix("this server's egress IP is not whitelisted: add the public IP the backend calls from to 平台访问 IP", '本服务器的出口 IP 不在白名单中：把后端调用平台所用的公网 IP 加入“平台访问 IP”'),
		'120010': fix(ORIGIN_NOT_REGISTERED + ': origin without a trailing `/` as 请求来源地址, referer with one as 集成页面地址', '页面获取 token 时的 Origin 或 Referer 未报备：origin 不带结尾 `/` 填入“请求来源地址”，referer 带 `/` 填入“集成页面地址”'),
		'110022': APP_ID_UNKNOWN,
		'110023': NO_RIGHTS,
		'110028': APP_ID_UNKNOWN,
	}),
});

// Not Object.hasOwn: Chrome 92, a script-tag target, lacks it.
const hasOwn = (table: object, code: string): boolean => Object.prototype.hasOwnProperty.call(table, code);

/**
 * The fix for a code as an endpoint answered it; a code the endpoint does not list is read as the other one lists it, as
 * `classifyResultCode` does.
 */
export function resultFix(endpoint: PlatformEndpoint, code: string): ResultFix | undefined {
	const other: PlatformEndpoint = endpoint === 'getMobile' ? 'imeiTokenValidate' : 'getMobile';
	return hasOwn(RESULT_FIXES[endpoint], code) ? RESULT_FIXES[endpoint][code] : hasOwn(RESULT_FIXES[other], code) ? RESULT_FIXES[other][code] : undefined;
}


/** An endpoint's fixes as one sentence, codes that share a fix together: `103101, 130018 — the appKey …; 110022 — …`. */
export function describeFixes(endpoint: PlatformEndpoint, language: keyof ResultFix): string {
	const codes = new Map<ResultFix, string[]>();
	for (const [code, entry] of Object.entries(RESULT_FIXES[endpoint])) codes.set(entry, [...(codes.get(entry) ?? []), code]);
	return [...codes].map(([entry, list]) => `${list.join(', ')} — ${entry[language]}`).join(language === 'en' ? '; ' : '；');
}
