/**
 * The result-code catalogue: one row per (endpoint, code, variant) of both platform endpoints, as
 * the guide lists them (§3.1.3 and §3.2.3), as the vendor's own SDK documentation and real traffic
 * show them, or as assumed — each row says which. A row holds everything anyone says about a code:
 * its class and retryability, the platform's words and ours, the user's sentence, the
 * integrator's fix, the browser's hint, the log line's note and doctor's reading. Nothing else in
 * `src/` names a six-digit code (test/protocol/code-literals.test.ts holds everything to that).
 *
 * A browser takes only each code's class from here: `result-class-table.ts` derives it, and the
 * build writes that table out as a literal (tools/result-class-table.mjs), so these texts never
 * reach a browser bundle. Adding a code is one row here and its test.
 */
import type { PlatformEndpoint, ResultCategory, ResultClass, ResultFix, ResultProvenance, UserSentenceKey } from './result-types.js';

export type { PlatformEndpoint, ResultCategory, ResultClass } from './result-types.js';

/** What `cmcc-uaid doctor` concludes when its fake token meets a validate code. */
type DoctorFinding = 'accepted' | 'ip' | 'sign' | 'appId' | 'rights' | 'fakeAccepted' | 'appKey';

export interface ResultCodeEntry extends ResultClass {
	readonly endpoint: PlatformEndpoint;
	readonly code: string;
	/** A stable name for this row, unique per endpoint: several rows share one code. */
	readonly variant: string;
	/** `resultDesc` exactly as the source writes it. */
	readonly zh: string;
	/** The guide's remark (备注), where it has one. */
	readonly remarkZh?: string;
	readonly en: string;
	/** The user's sentence (a key of the element's strings). */
	readonly user: UserSentenceKey;
	/** What the integrator changes (or, for the user's faults, what the user can do). */
	readonly fix?: ResultFix;
	/** What the server's log line says after the meaning, `{host}` the platform's host and `{code}` the code. */
	readonly log?: string;
	readonly doctor?: DoctorFinding;
	readonly provenance: ResultProvenance;
	/** Where an `observed` or `assumed` row comes from. */
	readonly source?: string;
}

/** Everything one code says, whatever its variant: variants of one code share it, so a code alone decides what the caller does. */
type CodeFacts = Omit<ResultCodeEntry, 'endpoint' | 'code' | 'variant' | 'zh' | 'remarkZh' | 'en' | 'provenance' | 'source' | 'user'> & {
	readonly user?: UserSentenceKey;
};
type RowTexts = Pick<ResultCodeEntry, 'variant' | 'zh' | 'en'> & Partial<Pick<ResultCodeEntry, 'remarkZh' | 'provenance' | 'source'>>;

/** The sentence each category tells the user unless a code names another. */
const CATEGORY_USER_SENTENCE: Readonly<Record<ResultCategory, UserSentenceKey>> = Object.freeze({
	ok: 'unavailable',
	'not-cellular': 'notCellular',
	'app-config': 'misconfigured',
	'rate-limited': 'rateLimited',
	'token-expired': 'expired',
	'bad-request': 'misconfigured',
	'platform-error': 'unavailable',
});

const fix = (en: string, zh: string): ResultFix => Object.freeze({ en, zh });
const facts = (category: ResultCategory, more: Partial<CodeFacts> = {}): CodeFacts => ({ category, retryable: false, ...more });
const row = (endpoint: PlatformEndpoint, code: string, codeFacts: CodeFacts, texts: RowTexts): ResultCodeEntry =>
	Object.freeze({
		endpoint,
		code,
		...codeFacts,
		user: codeFacts.user ?? CATEGORY_USER_SENTENCE[codeFacts.category],
		provenance: 'guide',
		...texts,
	});

// Where the observed rows come from (docs/simulator.md § "Seen in real traffic" quotes them).
const SDK_DOCS = 'ucloud/unvs-h5-sdk phone-login.md § 6.1 移动取号 and phone-auth.md § 5';
const ALIYUN = "Aliyun's carrier code table (号码认证 错误码)";
const CAPTURES = 'captures of real getMobile traffic (ImanArron/github.io uaiddebug.md, a phone’s request log)';
const NUMBER_ABILITY = 'the sibling NumberAbility APIs (comsmobiler/SmobilerTutorials demoMobileQuickLogin.cs)';

// The fixes and hints more than one code shares.
const APP_KEY_MISMATCH = "the appKey or appId does not match the platform's";
const PUBLIC_KEY_MISMATCH = 'the registered public key or algorithm does not match';
const ORIGIN_NOT_REGISTERED = "the page's Origin or Referer when it got the token is not registered";
const APP_ID_UNKNOWN = fix(
	"the appId is not the open platform's, or outside its validity window: check `appId` and the app's dates",
	'appId 与开放平台不符，或不在有效期内：核对 `appId` 及应用的有效期',
);
const NO_RIGHTS = fix(
	'the appId has no rights to UAID: have the ability granted at the open platform',
	'该 appId 没有 UAID 能力的权益：在开放平台开通',
);
const SIGN_GET_MOBILE = fix(
	`${APP_KEY_MISMATCH}: set \`appKey\` to the appkey the open platform shows for this \`appId\` (keygen and the RSA key play no part here)`,
	'appKey 或 appId 与平台不符：把 `appKey` 设为开放平台上该 `appId` 的 appkey（与 keygen 和 RSA 密钥无关）',
);
const USER_NETWORK = fix(
	'nothing for the site to fix: the user is not on China Mobile cellular data (Wi-Fi, a hotspot, another carrier or a proxy); show your ' +
		'fallback',
	'网站无需处理：用户不在中国移动手机数据网络上（Wi-Fi、热点、其他运营商或代理）；请展示备用登录方式',
);

const OK = facts('ok');
const ABILITY_INVALID = facts('app-config', {
	fix: fix(
		'the ability is no longer valid for this app (or its businessType is wrong): renew it at the open platform; UAID\'s businessType is "3"',
		'该应用的能力已失效（或 businessType 错误）：在开放平台续期；UAID 的 businessType 为 "3"',
	),
});
const TOKEN_SPENT = facts('token-expired', { retryable: true, doctor: 'accepted' });
const NOT_CELLULAR = facts('not-cellular', { fix: USER_NETWORK });
const GM_APP_ID = facts('app-config', { fix: APP_ID_UNKNOWN });
const NO_RIGHTS_FACTS = facts('app-config', { fix: NO_RIGHTS });
const GM_SIGN = facts('app-config', { doctor: 'appKey', fix: SIGN_GET_MOBILE, hint: APP_KEY_MISMATCH });
const BAD_REQUEST = facts('bad-request', {
	fix: fix('the request body is not the documented JSON: fix the client', '请求体不是约定的 JSON：修正客户端'),
});
const RATE_LIMITED = facts('rate-limited', {
	fix: fix(
		"the platform's limit per appId and client IP (10,000 a minute by default) was reached: check for abuse, or ask China Mobile to raise it",
		'达到平台按 appId 与客户端 IP 的限流（默认每分钟一万次）：排查滥用，或请中国移动调高',
	),
});
const SYSTEM_ERROR = facts('platform-error', { retryable: true });
/** A fault nobody can fix right now: one more attempt, no more (as for a code in no table). */
const PLATFORM_ONCE = facts('platform-error', { retryable: true, retries: 1 });

const GM = (code: string, codeFacts: CodeFacts, texts: RowTexts) => row('getMobile', code, codeFacts, texts);
const VALIDATE = (code: string, codeFacts: CodeFacts, texts: RowTexts) => row('imeiTokenValidate', code, codeFacts, texts);

const ORIGIN_REFUSED = facts('app-config', {
	hint: ORIGIN_NOT_REGISTERED,
	namesPage: true,
	// 120010 is the page's address at getMobile, which only the browser knows; doctor checks the server's side.
	log: "The browser's uaid-error names the Origin and Referer the page sent.",
	fix: fix(
		`${ORIGIN_NOT_REGISTERED}: origin without a trailing \`/\` as 请求来源地址, referer with one as 集成页面地址`,
		'页面获取 token 时的 Origin 或 Referer 未报备：origin 不带结尾 `/` 填入“请求来源地址”，referer 带 `/` 填入“集成页面地址”',
	),
});

const S = { provenance: 'observed', source: SDK_DOCS } as const;

export const RESULT_CODES: readonly ResultCodeEntry[] = Object.freeze([
	// getMobile (guide §3.1.3)
	GM('103000', OK, { variant: 'success', zh: '成功', en: 'Success: token issued.' }),
	GM('110022', GM_APP_ID, {
		variant: 'validity-expired',
		zh: '权益已失效',
		remarkZh: '能力失效，在能力平台配置的生效时间过期了',
		en: "The app's validity window configured at the platform has passed (or not begun).",
	}),
	GM('110022', GM_APP_ID, {
		variant: 'unknown-app',
		zh: '应用 ID 不存在',
		remarkZh: 'appId 传值错误或未在开放平台配置此 appId',
		en: 'The appId is wrong or not configured at the open platform.',
	}),
	GM('110023', NO_RIGHTS_FACTS, {
		variant: 'no-rights',
		zh: '应用没有权益',
		remarkZh: '此 appId 没有权益',
		en: 'The appId has no rights to this ability.',
	}),
	GM('111002', NOT_CELLULAR, {
		variant: 'blacklisted',
		zh: '黑名单号码用户',
		remarkZh: '手机号码在黑名单中',
		en: 'The mobile number is blacklisted.',
	}),
	GM('110025', ABILITY_INVALID, {
		variant: 'ability-invalid',
		zh: '权益已失效',
		remarkZh: '能力失效',
		en: 'The ability is no longer valid for this app.',
	}),
	GM('111002', NOT_CELLULAR, {
		variant: 'no-number',
		zh: '网关未插入手机号-116',
		remarkZh: '网关未插入手机号码，可能是手机号码字段被截取导致失败',
		en:
			'The gateway inserted no number: the request did not come over China Mobile cellular data (Wi-Fi, proxy) or the header was ' +
			'truncated.',
	}),
	GM('111002', NOT_CELLULAR, {
		variant: 'not-china-mobile',
		zh: '网关未插入手机号-非移动号码',
		remarkZh: '非移动号码',
		en: 'The connection is not from a China Mobile number (another carrier).',
	}),
	GM('130010', BAD_REQUEST, {
		variant: 'missing-appId',
		zh: '参数为空-appId is empty',
		remarkZh: '未传 appId',
		en: 'Required parameter missing: appId.',
	}),
	GM('130010', BAD_REQUEST, {
		variant: 'missing-msgId',
		zh: '参数为空-msgId is empty',
		remarkZh: '没有消息 id',
		en: 'Required parameter missing: msgId.',
	}),
	GM('130010', BAD_REQUEST, {
		variant: 'missing-timestamp',
		zh: '参数为空-timestamp is empty',
		remarkZh: '请求没有时间戳',
		en: 'Required parameter missing: timestamp.',
	}),
	GM('130010', BAD_REQUEST, {
		variant: 'missing-traceId',
		zh: '参数为空-traceId is empty',
		en: 'Required parameter missing: traceId.',
		provenance: 'assumed',
	}),
	GM('130010', BAD_REQUEST, {
		variant: 'missing-version',
		zh: '参数为空-version is empty',
		en: 'Required parameter missing: version.',
		provenance: 'assumed',
	}),
	GM('130010', BAD_REQUEST, {
		variant: 'missing-businessType',
		zh: '参数为空-businessType is empty',
		en: 'Required parameter missing: businessType.',
		provenance: 'assumed',
	}),
	GM('130010', BAD_REQUEST, {
		variant: 'missing-sign',
		zh: '参数为空-sign is empty',
		en: 'Required parameter missing: sign.',
		provenance: 'assumed',
	}),
	GM('130032', BAD_REQUEST, {
		variant: 'parse-error',
		zh: '解析参数错误',
		remarkZh: '一般是报文格式错误，非标准 json 格式',
		en: 'The request body is not well-formed JSON.',
	}),
	GM('130018', GM_SIGN, {
		variant: 'sign-invalid',
		zh: '验证签名失败',
		en: 'The MD5 sign did not verify against the appkey.',
		provenance: 'assumed',
		source: 'the guide names no code for a wrong getMobile sign; the validate side’s is taken',
	}),
	GM('140005', RATE_LIMITED, {
		variant: 'rate-limited',
		zh: '请求过于频繁',
		remarkZh: '默认 appid 维度一分钟一万次，超过后提示请求过于频繁错误（对客户端做频率限制，防止暴力刷请求，接口码+ip 做 key；次数可配置）',
		en: 'Too many requests for this appId and client IP (default 10,000 per minute).',
	}),
	GM('999999', SYSTEM_ERROR, {
		variant: 'system-error',
		zh: '系统错误',
		remarkZh: '网络波动，或校验 token 时 phoneNum 加密出错',
		en: 'Platform fault (network fluctuation or an internal encryption error).',
	}),
	// getMobile, seen in real traffic
	GM('103111', NOT_CELLULAR, {
		variant: 'gateway-ip',
		zh: 'WAP网关IP错误',
		en: "The request did not come through China Mobile's gateway: Wi-Fi, another carrier or a proxy.",
		provenance: 'observed',
		source: `${CAPTURES}; ${SDK_DOCS}`,
	}),
	GM('103134', NOT_CELLULAR, {
		variant: 'gateway-no-number',
		zh: 'WAP取号为空',
		en: 'The gateway found no number for this connection.',
		provenance: 'observed',
		source: `${CAPTURES}; ${SDK_DOCS}`,
	}),
	GM(
		'105002',
		facts('not-cellular', {
			fix: fix(
				"nothing for the site to fix: China Mobile's gateway could not read the number; the user checks mobile data, toggles airplane mode " +
					"or restarts the phone (Aliyun's remedy)",
				'网站无需处理：中国移动网关未取到号码；用户检查手机数据网络、开关飞行模式或重启手机（阿里云的处理建议）',
			),
		}),
		{
			variant: 'gateway-fetch-failed',
			zh: '移动网关取号失败',
			en: "China Mobile's gateway failed to fetch the number.",
			provenance: 'observed',
			source: `${CAPTURES}; ${SDK_DOCS}; ${ALIYUN}`,
		},
	),
	GM('103101', GM_SIGN, {
		variant: 'sign-error',
		zh: '签名错误',
		en: "The sign was rejected (the sibling APIs' code for it).",
		provenance: 'observed',
		source: NUMBER_ABILITY,
	}),
	// getMobile, in the vendor's own H5 SDK documentation and Aliyun's code table (PROTOCOL.md § 6.1)
	GM('103101', GM_SIGN, { variant: 'request-sign-error', zh: '错误的请求签名', en: 'The request sign was rejected.', ...S }),
	GM('130010', BAD_REQUEST, { variant: 'empty-param', zh: '参数为空', en: 'A required parameter is empty.', ...S }),
	GM('110025', ABILITY_INVALID, {
		variant: 'businessType-error',
		zh: 'businessType 错误',
		en: 'The businessType is wrong for this app.',
		source: 'ucloud/unvs-h5-sdk phone-auth.md § 5',
		provenance: 'observed',
	}),
	GM(
		'105112',
		facts('app-config', {
			retryable: true,
			retries: 1,
			fix: fix(
				"the sign's timestamp is outside the platform's window: the client signs once afresh (never with a request fetched ahead) and then " +
					"stops; if it still fails, set the sign server's clock (NTP) and keep `prefetchMaxAgeMs` short",
				'sign 的时间戳超出平台允许的范围：客户端会重新 sign 一次（不使用预取的请求），然后停止；仍失败时请校准 sign 服务器的时钟（NTP），并缩短 `prefetchMaxAgeMs`',
			),
		}),
		{ variant: 'timestamp-invalid', zh: '时间戳非法', en: "The request's timestamp is not valid or outside the platform's window.", ...S },
	),
	GM(
		'105113',
		facts('app-config', {
			fix: fix(
				'the appId is empty or not valid: set `appId` to the one the open platform shows',
				'appId 为空或非法：把 `appId` 设为开放平台上的值',
			),
		}),
		{ variant: 'app-id-invalid', zh: 'APPID非法或为空', en: 'The appId is not valid or empty.', ...S },
	),
	GM(
		'110024',
		facts('app-config', {
			fix: fix(
				'the businessType is not configured for this app: UAID\'s is "3"; have it enabled at the open platform',
				'该应用未配置此 businessType：UAID 为 "3"；请在开放平台开通',
			),
		}),
		{ variant: 'business-type-config', zh: 'businessType配置错误', en: 'The businessType is not configured for this app.', ...S },
	),
	GM(
		'110026',
		facts('app-config', {
			fix: fix(
				'register the page\'s origin (scheme://host[:port]) as 请求来源地址 without a trailing "/": a registered origin ending in "/" fails (Aliyun)',
				'把页面的 origin（scheme://host[:port]）报备为“请求来源地址”，结尾不带 “/”：报备的 origin 以 “/” 结尾会校验失败（阿里云）',
			),
			hint: ORIGIN_NOT_REGISTERED,
			namesPage: true,
		}),
		{
			variant: 'origin-check-failed',
			zh: 'Origin校验失败',
			en: "The page's Origin is not the app's registered origin.",
			...S,
			source: `${SDK_DOCS}; ${ALIYUN}`,
		},
	),
	GM(
		'103609',
		facts('not-cellular', {
			fix: fix(
				'nothing for the site to fix: the SIM is an IoT card, which the gateway never numbers; show your fallback',
				'网站无需处理：该卡是物联网卡，网关不为其取号；请展示备用登录方式',
			),
		}),
		{ variant: 'iot-sim', zh: '物联网IP不允许取号', en: 'The connection is an IoT SIM, which may not fetch a number.', ...S },
	),
	GM(
		'170001',
		facts('app-config', {
			fix: fix(
				'the Referer getMobile carried is empty or not the registered page URL (集成页面地址): register the page URL exactly as the browser sends ' +
					'it (by default the origin with a trailing "/"), and keep a Referer on cross-origin HTTPS requests: a referrer policy of ' +
					'no-referrer sends none, so set `<meta name="referrer" content="strict-origin-when-cross-origin">` (the vendor\'s SDK docs use ' +
					'`always`) in the page head',
				'getMobile 携带的 Referer 为空或不是报备的“集成页面地址”：按浏览器实际发送的形式报备页面地址（默认为 origin 加结尾 “/”），并让跨域 HTTPS 请求带上 Referer：no-referrer 策略不发送 ' +
					'Referer，请在页面 head 中设置 `<meta name="referrer" content="strict-origin-when-cross-origin">`（厂商 SDK 文档用 `always`）',
			),
			hint: ORIGIN_NOT_REGISTERED,
			namesPage: true,
		}),
		{
			variant: 'referer-check-failed',
			zh: 'referer校验失败',
			en: "The page's Referer is empty or not the app's registered page URL.",
			...S,
			source: `${SDK_DOCS}; phone-login.md § 5 FAQ; ${ALIYUN}`,
		},
	),
	GM(
		'105312',
		facts('app-config', {
			fix: fix(
				'the ability has no quota left: a new scheme takes 15–30 minutes to sync at China Mobile, so wait; otherwise the account is in ' +
					'arrears (Aliyun)',
				'能力余量不足：新建方案需 15–30 分钟同步到中国移动，请稍候；否则为账户欠费（阿里云）',
			),
			hint: 'a new scheme takes 15–30 min to sync at China Mobile',
		}),
		{
			variant: 'no-quota',
			zh: '能力余量不足',
			en: 'The ability has no quota left (a new scheme not synced yet, or arrears).',
			provenance: 'observed',
			source: ALIYUN,
		},
	),
	GM('103211', PLATFORM_ONCE, { variant: 'other-error', zh: '其他错误', en: 'Another error at the platform.', ...S }),
	// The vendor SDK's own codes in the same table: its browser script reports them, the platform is not known to.
	GM('500', PLATFORM_ONCE, {
		variant: 'sdk-network-error',
		zh: '网络异常，请检查网络设置',
		en: "The vendor SDK's own code for a network failure.",
		...S,
	}),
	GM('503', PLATFORM_ONCE, {
		variant: 'sdk-ended',
		zh: '获取token结束',
		en: "The vendor SDK's own code for a token fetch its caller ended.",
		...S,
	}),
	// imeiTokenValidate (guide §3.2.3)
	VALIDATE('000000', { ...OK, doctor: 'fakeAccepted' }, { variant: 'success', zh: '成功', en: 'Success: UAID returned.' }),
	VALIDATE('120009', TOKEN_SPENT, {
		variant: 'token-reused-or-expired',
		zh: 'token 重复校验或已失效',
		remarkZh: 'token 重复或失效，目前 token 有效期是五分钟',
		en: 'The token was validated before or has expired (tokens live five minutes).',
	}),
	VALIDATE(
		'110004',
		facts('app-config', {
			doctor: 'ip',
			fix: fix(
				"this server's egress IP is not whitelisted: add the public IP the backend calls from to 平台访问 IP",
				'本服务器的出口 IP 不在白名单中：把后端调用平台所用的公网 IP 加入“平台访问 IP”',
			),
			log:
				"the platform at {host} refused this server's IP ({code}): add this server's egress IP, the public address it reaches {host} " +
				"from, to the app's server IP whitelist (平台访问 IP) at the open platform.",
		}),
		{
			variant: 'ip-not-whitelisted',
			zh: 'IP 不在白名单',
			remarkZh: '未在能力平台配置此 appId白名单或白名单配置错误',
			en: "The calling server's IP is not in the app's whitelist.",
		},
	),
	VALIDATE('120009', TOKEN_SPENT, {
		variant: 'token-invalid',
		zh: 'token 校验失败',
		remarkZh: '超过 token 有效期， userinformation 缺失或编码错误以及 token 重复校验问题',
		en: 'The token failed validation: expired, unknown, malformed or already validated.',
	}),
	VALIDATE('130032', BAD_REQUEST, {
		variant: 'parse-error',
		zh: '解析参数错误',
		remarkZh: '一般是报文格式错误，非标准 json 格式',
		en: 'The request body is not well-formed JSON.',
	}),
	VALIDATE('130010', BAD_REQUEST, {
		variant: 'missing-param',
		zh: '参数为空',
		remarkZh: '未传相关参数',
		en: 'A required parameter is missing.',
	}),
	VALIDATE(
		'130018',
		facts('app-config', {
			doctor: 'sign',
			hint: PUBLIC_KEY_MISMATCH,
			fix: fix(
				PUBLIC_KEY_MISMATCH +
					": register the public key of `privateKey` (keygen's `.pub` file) as RSA 公钥, or set `signatureAlgorithm: 'sha256'` if your " +
					'RsaUtils says SHA256withRSA (`npx cmcc-uaid doctor` tells which)',
				'报备的公钥或签名算法不匹配：把 `privateKey` 对应的公钥（keygen 写出的 `.pub` 文件）报备为 RSA 公钥；若你的 RsaUtils 为 SHA256withRSA，设置 `signatureAlgorithm: ' +
					"'sha256'`（`npx cmcc-uaid doctor` 可判断是哪一项）",
			),
		}),
		{
			variant: 'sign-invalid',
			zh: '验证签名失败',
			remarkZh: '客户公私钥的生成、报备和生签未按文档规范',
			en: 'The RSA signature did not verify against the registered public key.',
		},
	),
	VALIDATE('110022', facts('app-config', { doctor: 'appId', fix: APP_ID_UNKNOWN }), {
		variant: 'unknown-app',
		zh: '应用 ID 不存在',
		remarkZh: 'appId 传值错误或未在开放平台配置此 appId',
		en: 'The appId is wrong or not configured at the open platform.',
	}),
	VALIDATE('110023', facts('app-config', { doctor: 'rights', fix: NO_RIGHTS }), {
		variant: 'no-rights',
		zh: '应用没有权益',
		remarkZh: '此 appId 没有能力',
		en: 'The appId has no rights to this ability.',
	}),
	VALIDATE('120010', ORIGIN_REFUSED, {
		variant: 'origin-absent',
		zh: 'refer 或 origin 不存在',
		remarkZh: 'refer、origin 校验时缓存中获取不到相关信息',
		en: 'No Referer/Origin was recorded with the token, but the app has referers/origins configured.',
	}),
	VALIDATE('120010', ORIGIN_REFUSED, {
		variant: 'origin-mismatch',
		zh: 'refer 或 origin 校验失败',
		remarkZh: 'refer、origin 校验不通过',
		en: "The Referer/Origin recorded with the token does not match the app's configured addresses.",
	}),
	VALIDATE('999999', SYSTEM_ERROR, {
		variant: 'system-error',
		zh: '系统异常',
		remarkZh: '网络波动，或校验 token 时 phoneNum 加密出错',
		en: 'Platform fault (network fluctuation or an internal encryption error).',
	}),
	// imeiTokenValidate, seen in real traffic of the sibling NumberAbility APIs
	VALIDATE('110028', facts('app-config', { doctor: 'appId', fix: APP_ID_UNKNOWN }), {
		variant: 'app-not-found',
		zh: 'appId不存在',
		en: "The appId is unknown (the NumberAbility APIs' code for it).",
		provenance: 'observed',
		source: NUMBER_ABILITY,
	}),
	VALIDATE('130030', BAD_REQUEST, {
		variant: 'invalid-param',
		zh: '参数无效',
		en: 'A parameter is invalid.',
		provenance: 'observed',
		source: NUMBER_ABILITY,
	}),
]);

/** The row for an endpoint's code and variant, for code that produces a specific answer (the simulator). */
export function resultCodeEntry(endpoint: PlatformEndpoint, code: string, variant?: string): ResultCodeEntry | undefined {
	return RESULT_CODES.find(
		(entry) => entry.endpoint === endpoint && entry.code === code && (variant === undefined || entry.variant === variant),
	);
}

/**
 * The row for a code on either endpoint, the endpoint's own first: a code seen on one endpoint's
 * family (103111 on getMobile, 110028 on NumberAbility) may reach a caller from the other.
 */
export function anyResultCodeEntry(endpoint: PlatformEndpoint, code: string, variant?: string): ResultCodeEntry | undefined {
	return (
		resultCodeEntry(endpoint, code, variant) ?? resultCodeEntry(endpoint === 'getMobile' ? 'imeiTokenValidate' : 'getMobile', code, variant)
	);
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

/** The codes of a category, on one endpoint or both, sorted: for texts that list them (`103111, 111002`). */
export function codesOf(category: ResultCategory, endpoint?: PlatformEndpoint): string[] {
	return [
		...new Set(
			RESULT_CODES.filter((e) => e.category === category && (endpoint === undefined || e.endpoint === endpoint)).map((e) => e.code),
		),
	].sort();
}

/** The code of a variant, for a text that names it (doctor: `answered 130018`). */
export function codeOf(endpoint: PlatformEndpoint, variant: string): string {
	return resultVariant(endpoint, variant).code;
}

/**
 * The browser's part of the catalogue: per endpoint and code, the first row's class with only the
 * fields that differ from their defaults. `result-class-table.ts` is this at run time; the build
 * writes it out as a literal (tools/result-class-table.mjs).
 */
export function browserClassTable(): Record<PlatformEndpoint, Record<string, ResultClass>> {
	const table: Record<PlatformEndpoint, Record<string, ResultClass>> = { getMobile: {}, imeiTokenValidate: {} };
	for (const e of RESULT_CODES) {
		if (table[e.endpoint][e.code]) continue;
		table[e.endpoint][e.code] = {
			category: e.category,
			retryable: e.retryable,
			...(e.retries !== undefined ? { retries: e.retries } : {}),
			...(e.user !== CATEGORY_USER_SENTENCE[e.category] ? { user: e.user } : {}),
			...(e.hint !== undefined ? { hint: e.hint } : {}),
			...(e.namesPage ? { namesPage: true } : {}),
		};
	}
	return table;
}

/** The result-code catalogue as readable Markdown: docs/element.md's table is generated from this. */
export function resultCodesMarkdown(): string {
	const lines = ['| endpoint | resultCode | resultDesc | meaning | category | retryable | source |', '|---|---|---|---|---|---|---|'];
	for (const e of RESULT_CODES) {
		const retry = e.retryable ? (e.retries !== undefined ? `once` : 'yes') : 'no';
		lines.push(
			`| ${e.endpoint} | ${e.code} | ${e.zh} | ${e.en} | \`${e.category}\` | ${retry} | ${e.provenance}${e.source ? `: ${e.source}` : ''} |`,
		);
	}
	return lines.join('\n');
}
