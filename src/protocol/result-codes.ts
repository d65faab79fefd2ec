/**
 * The result-code catalogue: every code of both platform endpoints, as the guide lists them
 * (§3.1.3 and §3.2.3) or as real traffic showed them, with an English description and the stable
 * category the rest of the library switches on. This is the one table; nothing else hard-codes a platform code's meaning.
 * The categories themselves are stated once per code in `result-classes.ts`, which is all a
 * browser bundle takes from here.
 */

import { RESULT_CLASSES, type PlatformEndpoint, type ResultCategory } from './result-classes.js';

export { classifyResultCode, RESULT_CLASSES, type PlatformEndpoint, type ResultCategory } from './result-classes.js';

export interface ResultCodeEntry {
	readonly endpoint: PlatformEndpoint;
	readonly code: string;
	/** A stable name for this row, unique per endpoint: several rows share one code. */
	readonly variant: string;
	/** `resultDesc` exactly as the guide writes it. */
	readonly zh: string;
	/** The guide's remark (备注), where it has one. */
	readonly remarkZh?: string;
	readonly en: string;
	readonly category: ResultCategory;
	/** Whether a fresh attempt, at once and with nothing else changed, may succeed. */
	readonly retryable: boolean;
	/**
	 * Where the row comes from: `guide` (the vendor's guide), `observed` (seen in real traffic;
	 * docs/simulator.md names the captures) or `assumed` (neither; see docs/simulator.md).
	 */
	readonly provenance: ResultProvenance;
}

type ResultProvenance = 'guide' | 'observed' | 'assumed';

/** A row of the guide; its category and retryability come from {@link RESULT_CLASSES}, stated there once per code. */
function row(entry: Omit<ResultCodeEntry, 'category' | 'retryable' | 'provenance'> & { provenance?: ResultProvenance }): ResultCodeEntry {
	const resultClass = RESULT_CLASSES[entry.endpoint][entry.code];
	if (!resultClass) throw new Error(`${entry.endpoint} ${entry.code} has no entry in RESULT_CLASSES.`);
	return Object.freeze({ ...entry, provenance: entry.provenance ?? 'guide', category: resultClass.category, retryable: resultClass.retryable });
}

export const RESULT_CODES: readonly ResultCodeEntry[] = Object.freeze([
	// getMobile (guide §3.1.3)
	row({ endpoint: 'getMobile', code: '103000', variant: 'success', zh: '成功', en: 'Success: token issued.' }),
	row({ endpoint: 'getMobile', code: '110022', variant: 'validity-expired', zh: '权益已失效', remarkZh: '能力失效，在能力平台配置的生效时间过期了', en: "The app's validity window configured at the platform has passed (or not begun)." }),
	row({ endpoint: 'getMobile', code: '110022', variant: 'unknown-app', zh: '应用 ID 不存在', remarkZh: 'appId 传值错误或未在开放平台配置此 appId', en: 'The appId is wrong or not configured at the open platform.' }),
	row({ endpoint: 'getMobile', code: '110023', variant: 'no-rights', zh: '应用没有权益', remarkZh: '此 appId 没有权益', en: 'The appId has no rights to this ability.' }),
	row({ endpoint: 'getMobile', code: '111002', variant: 'blacklisted', zh: '黑名单号码用户', remarkZh: '手机号码在黑名单中', en: 'The mobile number is blacklisted.' }),
	row({ endpoint: 'getMobile', code: '110025', variant: 'ability-invalid', zh: '权益已失效', remarkZh: '能力失效', en: 'The ability is no longer valid for this app.' }),
	row({ endpoint: 'getMobile', code: '111002', variant: 'no-number', zh: '网关未插入手机号-116', remarkZh: '网关未插入手机号码，可能是手机号码字段被截取导致失败', en: 'The gateway inserted no number: the request did not come over China Mobile cellular data ' + '(Wi-Fi, proxy) or the header was truncated.' }),
	row({ endpoint: 'getMobile', code: '111002', variant: 'not-china-mobile', zh: '网关未插入手机号-非移动号码', remarkZh: '非移动号码', en: 'The connection is not from a China Mobile number (another carrier).' }),
	row({ endpoint: 'getMobile', code: '130010', variant: 'missing-appId', zh: '参数为空-appId is empty', remarkZh: '未传 appId', en: 'Required parameter missing: appId.' }),
	row({ endpoint: 'getMobile', code: '130010', variant: 'missing-msgId', zh: '参数为空-msgId is empty', remarkZh: '没有消息 id', en: 'Required parameter missing: msgId.' }),
	row({ endpoint: 'getMobile', code: '130010', variant: 'missing-timestamp', zh: '参数为空-timestamp is empty', remarkZh: '请求没有时间戳', en: 'Required parameter missing: timestamp.' }),
	row({ endpoint: 'getMobile', code: '130010', variant: 'missing-traceId', zh: '参数为空-traceId is empty', en: 'Required parameter missing: traceId.', provenance: 'assumed' }),
	row({ endpoint: 'getMobile', code: '130010', variant: 'missing-version', zh: '参数为空-version is empty', en: 'Required parameter missing: version.', provenance: 'assumed' }),
	row({ endpoint: 'getMobile', code: '130010', variant: 'missing-businessType', zh: '参数为空-businessType is empty', en: 'Required parameter missing: businessType.', provenance: 'assumed' }),
	row({ endpoint: 'getMobile', code: '130010', variant: 'missing-sign', zh: '参数为空-sign is empty', en: 'Required parameter missing: sign.', provenance: 'assumed' }),
	row({ endpoint: 'getMobile', code: '130032', variant: 'parse-error', zh: '解析参数错误', remarkZh: '一般是报文格式错误，非标准 json 格式', en: 'The request body is not well-formed JSON.' }),
	row({ endpoint: 'getMobile', code: '130018', variant: 'sign-invalid', zh: '验证签名失败', en: 'The MD5 sign did not verify against the appkey.', provenance: 'assumed' }),
	row({ endpoint: 'getMobile', code: '140005', variant: 'rate-limited', zh: '请求过于频繁', remarkZh: '默认 appid 维度一分钟一万次，超过后提示请求过于频繁错误（对客户端做频率限制，防止暴力刷请求，接口码+ip 做 key；次数可配置）', en: 'Too many requests for this appId and client IP (default 10,000 per minute).' }),
	row({ endpoint: 'getMobile', code: '999999', variant: 'system-error', zh: '系统错误', remarkZh: '网络波动，或校验 token 时 phoneNum 加密出错', en: 'Platform fault (network fluctuation or an internal encryption error).' }),
	// getMobile, seen in real traffic (docs/simulator.md, "Seen in real traffic", names where)
	row({ endpoint: 'getMobile', code: '103111', variant: 'gateway-ip', zh: 'WAP网关IP错误', en: "The request did not come through China Mobile's gateway: Wi-Fi, another carrier or a proxy.", provenance: 'observed' }),
	row({ endpoint: 'getMobile', code: '103134', variant: 'gateway-no-number', zh: 'WAP取号为空', en: 'The gateway found no number for this connection.', provenance: 'observed' }),
	row({ endpoint: 'getMobile', code: '105002', variant: 'gateway-fetch-failed', zh: '移动网关取号失败', en: "China Mobile's gateway failed to fetch the number.", provenance: 'observed' }),
	row({ endpoint: 'getMobile', code: '103101', variant: 'sign-error', zh: '签名错误', en: 'The sign was rejected (the sibling APIs\' code for it).', provenance: 'observed' }),
	// imeiTokenValidate (guide §3.2.3)
	row({ endpoint: 'imeiTokenValidate', code: '000000', variant: 'success', zh: '成功', en: 'Success: UAID returned.' }),
	row({ endpoint: 'imeiTokenValidate', code: '120009', variant: 'token-reused-or-expired', zh: 'token 重复校验或已失效', remarkZh: 'token 重复或失效，目前 token 有效期是五分钟', en: 'The token was validated before or has expired (tokens live five minutes).' }),
	row({ endpoint: 'imeiTokenValidate', code: '110004', variant: 'ip-not-whitelisted', zh: 'IP 不在白名单', remarkZh: '未在能力平台配置此 appId白名单或白名单配置错误', en: "The calling server's IP is not in the app's whitelist." }),
	row({ endpoint: 'imeiTokenValidate', code: '120009', variant: 'token-invalid', zh: 'token 校验失败', remarkZh: '超过 token 有效期， userinformation 缺失或编码错误以及 token 重复校验问题', en: 'The token failed validation: expired, unknown, malformed or already validated.' }),
	row({ endpoint: 'imeiTokenValidate', code: '130032', variant: 'parse-error', zh: '解析参数错误', remarkZh: '一般是报文格式错误，非标准 json 格式', en: 'The request body is not well-formed JSON.' }),
	row({ endpoint: 'imeiTokenValidate', code: '130010', variant: 'missing-param', zh: '参数为空', remarkZh: '未传相关参数', en: 'A required parameter is missing.' }),
	row({ endpoint: 'imeiTokenValidate', code: '130018', variant: 'sign-invalid', zh: '验证签名失败', remarkZh: '客户公私钥的生成、报备和生签未按文档规范', en: 'The RSA signature did not verify against the registered public key.' }),
	row({ endpoint: 'imeiTokenValidate', code: '110022', variant: 'unknown-app', zh: '应用 ID 不存在', remarkZh: 'appId 传值错误或未在开放平台配置此 appId', en: 'The appId is wrong or not configured at the open platform.' }),
	row({ endpoint: 'imeiTokenValidate', code: '110023', variant: 'no-rights', zh: '应用没有权益', remarkZh: '此 appId 没有能力', en: 'The appId has no rights to this ability.' }),
	row({ endpoint: 'imeiTokenValidate', code: '120010', variant: 'origin-absent', zh: 'refer 或 origin 不存在', remarkZh: 'refer、origin 校验时缓存中获取不到相关信息', en: 'No Referer/Origin was recorded with the token, but the app has referers/origins configured.' }),
	row({ endpoint: 'imeiTokenValidate', code: '120010', variant: 'origin-mismatch', zh: 'refer 或 origin 校验失败', remarkZh: 'refer、origin 校验不通过', en: "The Referer/Origin recorded with the token does not match the app's configured addresses." }),
	row({ endpoint: 'imeiTokenValidate', code: '999999', variant: 'system-error', zh: '系统异常', remarkZh: '网络波动，或校验 token 时 phoneNum 加密出错', en: 'Platform fault (network fluctuation or an internal encryption error).' }),
	// imeiTokenValidate, seen in real traffic of the sibling NumberAbility APIs
	row({ endpoint: 'imeiTokenValidate', code: '110028', variant: 'app-not-found', zh: 'appId不存在', en: 'The appId is unknown (the NumberAbility APIs\' code for it).', provenance: 'observed' }),
	row({ endpoint: 'imeiTokenValidate', code: '130030', variant: 'invalid-param', zh: '参数无效', en: 'A parameter is invalid.', provenance: 'observed' }),
]);

/** The row for an endpoint's code and variant, for code that produces a specific answer (the simulator). */
function resultCodeEntry(endpoint: PlatformEndpoint, code: string, variant?: string): ResultCodeEntry | undefined {
	return RESULT_CODES.find((entry) => entry.endpoint === endpoint && entry.code === code && (variant === undefined || entry.variant === variant));
}

/**
 * The row for a code on either endpoint, the endpoint's own first: a code seen on one endpoint's
 * family (103111 on getMobile, 110028 on NumberAbility) may reach a caller from the other.
 */
export function anyResultCodeEntry(endpoint: PlatformEndpoint, code: string, variant?: string): ResultCodeEntry | undefined {
	return resultCodeEntry(endpoint, code, variant) ?? resultCodeEntry(endpoint === 'getMobile' ? 'imeiTokenValidate' : 'getMobile', code, variant);
}

/** Every row of a code (a code may have several variants), the endpoint's own first; none for an unknown code. */
export function resultCodeEntries(endpoint: PlatformEndpoint, code: string): ResultCodeEntry[] {
	const own = RESULT_CODES.filter((entry) => entry.endpoint === endpoint && entry.code === code);
	return own.length ? own : RESULT_CODES.filter((entry) => entry.code === code);
}

/** The row for a variant name on an endpoint; throws for a name that is not in the catalogue (a programming error). */
export function resultVariant(endpoint: PlatformEndpoint, variant: string): ResultCodeEntry {
	const entry = RESULT_CODES.find((e) => e.endpoint === endpoint && e.variant === variant);
	if (!entry) throw new Error(`No result code variant "${variant}" for ${endpoint}.`);
	return entry;
}

/** The result-code catalogue as readable Markdown: the README's table is generated from this. */
export function resultCodesMarkdown(): string {
	const lines = ['| endpoint | resultCode | resultDesc | meaning | category | retryable | source |', '|---|---|---|---|---|---|---|'];
	for (const e of RESULT_CODES) {
		lines.push(`| ${e.endpoint} | ${e.code} | ${e.zh} | ${e.en} | \`${e.category}\` | ${e.retryable ? 'yes' : 'no'} | ${e.provenance} |`);
	}
	return lines.join('\n');
}
