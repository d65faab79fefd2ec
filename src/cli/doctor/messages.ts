import { codeOf } from '../../protocol/result-codes.js';
import type { CheckName, VerdictStatus } from './checks.js';

/** The code a wrong RSA signature meets at imeiTokenValidate. */
const SIGN_INVALID = codeOf('imeiTokenValidate', 'sign-invalid');

export type DoctorLanguage = 'en' | 'zh-CN';

type Params = Readonly<Record<string, string | number>>;

/** The names the vendor's RsaUtils gives the algorithms (its SIGNATURE_ALGORITHM constant). */
const JAVA_NAME: Record<string, string> = { md5: 'MD5withRSA', sha256: 'SHA256withRSA' };
type Text = (p: Params) => string;

interface DoctorTexts {
	readonly title: string;
	readonly checks: Record<CheckName, string>;
	readonly status: Record<VerdictStatus, string>;
	readonly pasteHint: string;
	readonly summaryOk: string;
	readonly summaryFail: string;
	readonly messages: Record<string, Text>;
}

const en: DoctorTexts = {
	title: 'cmcc-uaid doctor',
	checks: {
		'private-key': 'private key',
		'public-key': 'public key',
		'app-key': 'appkey',
		'get-mobile': 'getMobile',
		platform: 'platform',
		clock: 'clock',
	},
	status: { pass: 'ok', fail: 'FAIL', skip: 'skip' },
	pasteHint: 'Public key of this private key, exactly as it is pasted into the open platform (RSA 公钥):',
	summaryOk: 'Every check passed.',
	summaryFail: 'Some checks failed: fix them before the first live call.',
	messages: {
		'privateKey.ok': (p) => `reads as a ${p.bits}-bit RSA key (${p.format}).`,
		'privateKey.unreadable': (p) => `cannot be read: ${p.reason} Give the file keygen wrote (Base64 PKCS#8 DER) or a PEM private key.`,
		'publicKey.match': () => 'matches the private key.',
		'publicKey.mismatch': () =>
			`does NOT match the private key: the platform would refuse every signature (${SIGN_INVALID}). Register the public key printed below.`,
		'publicKey.unreadable': (p) => `cannot be read: ${p.reason}`,
		'publicKey.noPrivateKey': () => 'not compared: the private key could not be read.',
		'appKey.ok': (p) => `$${p.name} is set (${p.length} characters, no stray whitespace or quotes).`,
		'appKey.unset': (p) => `$${p.name} is not set in this environment.`,
		'appKey.empty': (p) => `$${p.name} is empty.`,
		'appKey.whitespace': (p) => `$${p.name} starts or ends with whitespace (a copy-paste left it): every getMobile sign would be wrong.`,
		'appKey.quoted': (p) => `$${p.name} is wrapped in quotes: the quotes would become part of the appkey.`,
		'appKey.innerWhitespace': (p) => `$${p.name} contains whitespace: an appkey has none.`,
		'getMobile.ok': (p) => `answered ${p.code} to a getMobile signed with $${p.name}: the appkey matches the appId.`,
		'getMobile.appKey': (p) => `answered ${p.code} (${p.desc}) to a getMobile signed with $${p.name}: ${p.fix}.`,
		'getMobile.appConfig': (p) => `answered ${p.code} (${p.desc}) to a getMobile signed with $${p.name}: ${p.fix}.`,
		'getMobile.gateway': (p) =>
			`answered ${p.code} (${p.desc}), a gateway answer: the platform did not refuse the signature before its gateway check. This server ` +
			`is not on China Mobile cellular data, so a getMobile from here gets no further; $${p.name} is confirmed only if the platform ` +
			`checks the signature first (the simulator does; the guide does not say).`,
		'getMobile.undecided': (p) => `answered ${p.code} (${p.desc}): the appkey could not be checked this time; run doctor again.`,
		'getMobile.other': (p) => `answered ${p.code} (${p.desc}) to the getMobile doctor signed: tell us, with the answer.`,
		'getMobile.noAppKeyEnv': () =>
			'not sent: the appkey is not checked. Pass --app-key-env NAME (the variable that holds it) to check it with one getMobile.',
		'getMobile.appKeyUnusable': (p) => `not sent: $${p.name} is not a usable appkey (see above).`,
		'getMobile.badUrl': (p) => `--get-mobile-url ${p.url} is not an http(s) URL.`,
		'platform.accepted': (p) =>
			`answered ${p.code} to a fake token: the appId exists and has rights, and this server's IP is whitelisted. The signature passed too ` +
			`if the platform checks it before the token (the simulator does; the guide does not say).`,
		'platform.ip': (p) =>
			`answered ${p.code}: this server's egress IP is not whitelisted. Add the public IP this machine reaches the internet from to the ` +
			`app's server IPs (平台访问 IP) at the open platform.`,
		'platform.sign': (p) =>
			`answered ${p.code}: the signature did not verify with ${p.algorithm}, nor with the other algorithm. The public key registered at ` +
			`the platform is not this private key's: register the one printed below.`,
		'platform.otherAlgorithm': (p) =>
			`answered ${SIGN_INVALID} with ${p.algorithm} but accepted ${p.other} (${p.code}): the platform expects ` +
			`${JAVA_NAME[p.other as string]}. Set signatureAlgorithm: '${p.other}' in the server kit (--algorithm ${p.other} here).`,
		'platform.appId': (p) => `answered ${p.code} (${p.desc}): the appId is wrong, not configured, or outside its validity window.`,
		'platform.rights': (p) => `answered ${p.code} (${p.desc}): the appId has no rights to UAID; ask China Mobile to grant the ability.`,
		'platform.fakeAccepted': () =>
			'reported success for a token it never issued: --platform-url does not point at China Mobile (or at the simulator).',
		'platform.other': (p) => `answered ${p.code} (${p.desc}).`,
		'platform.unknown': (p) => `answered ${p.code} (${p.desc}), a code in no table: tell us, with the answer.`,
		'platform.badUrl': (p) => `--platform-url ${p.url} is not an http(s) URL.`,
		'platform.noKey': () => 'not contacted: without a readable private key nothing can be signed.',
		'net.timeout': (p) =>
			`no answer within ${p.seconds} s. A firewall that drops outbound traffic is the usual cause: ask for egress to ${p.host}:${p.port}.`,
		'net.dns': (p) => `${p.host} does not resolve (${p.code}): this machine has no working DNS for it, or a firewall blocks DNS.`,
		'net.refused': (p) =>
			`${p.host}:${p.port} refused the connection: a firewall rejects outbound traffic to it, or nothing listens there.`,
		'net.reset': (p) => `the connection to ${p.host}:${p.port} was cut: a firewall or proxy in between closed it.`,
		'net.unreachable': (p) => `${p.host} is unreachable (${p.code}): no route out of this network.`,
		'net.tls': (p) =>
			`TLS failed (${p.code}): an intercepting proxy, a CA store without the platform's CA, or a port that does not speak TLS. ${p.reason}`,
		'net.http': (p) => `answered HTTP ${p.status}: the platform always answers 200, so a proxy or gateway in between answered instead.`,
		'net.garbled': (p) =>
			`answered HTTP ${p.status} with something that is not the platform's JSON: a proxy page, or a wrong --platform-url.`,
		'net.other': (p) => `the call failed (${p.code}): ${p.reason}`,
		'clock.ok': (p) => `${p.seconds} s from the platform's clock (at most ${p.max} s allowed).`,
		'clock.ahead': (p) =>
			`${p.seconds} s AHEAD of the platform's (more than ${p.max} s): synchronise it (NTP). Timestamps are Beijing time.`,
		'clock.behind': (p) =>
			`${p.seconds} s BEHIND the platform's (more than ${p.max} s): synchronise it (NTP). Timestamps are Beijing time.`,
		'clock.noTimestamp': () => 'not compared: the answer carried no timestamp.',
	},
};

const zhCN: DoctorTexts = {
	title: 'cmcc-uaid doctor',
	checks: { 'private-key': '私钥', 'public-key': '公钥', 'app-key': 'appkey', 'get-mobile': 'getMobile', platform: '平台', clock: '时钟' },
	status: { pass: '通过', fail: '失败', skip: '跳过' },
	pasteHint: '此私钥对应的公钥（按原样填入开放平台的「RSA 公钥」）：',
	summaryOk: '全部检查通过。',
	summaryFail: '有检查未通过：请在首次真实调用前修正。',
	messages: {
		'privateKey.ok': (p) => `可读：${p.bits} 位 RSA 密钥（${p.format}）。`,
		'privateKey.unreadable': (p) => `无法读取：${p.reason} 请使用 keygen 生成的文件（Base64 PKCS#8 DER）或 PEM 私钥。`,
		'publicKey.match': () => '与私钥匹配。',
		'publicKey.mismatch': () => `与私钥不匹配：平台会拒绝所有签名（${SIGN_INVALID}）。请报备下方打印的公钥。`,
		'publicKey.unreadable': (p) => `无法读取：${p.reason}`,
		'publicKey.noPrivateKey': () => '未比较：私钥无法读取。',
		'appKey.ok': (p) => `$${p.name} 已设置（${p.length} 个字符，无多余空白或引号）。`,
		'appKey.unset': (p) => `当前环境未设置 $${p.name}。`,
		'appKey.empty': (p) => `$${p.name} 为空。`,
		'appKey.whitespace': (p) => `$${p.name} 首尾有空白（多半是复制粘贴带入的）：getMobile 签名将全部错误。`,
		'appKey.quoted': (p) => `$${p.name} 带有引号：引号会成为 appkey 的一部分。`,
		'appKey.innerWhitespace': (p) => `$${p.name} 含有空白：appkey 中不应有空白。`,
		'getMobile.ok': (p) => `用 $${p.name} 签名的 getMobile 返回 ${p.code}：appkey 与 appId 匹配。`,
		'getMobile.appKey': (p) => `用 $${p.name} 签名的 getMobile 返回 ${p.code}（${p.desc}）：${p.fix}。`,
		'getMobile.appConfig': (p) => `用 $${p.name} 签名的 getMobile 返回 ${p.code}（${p.desc}）：${p.fix}。`,
		'getMobile.gateway': (p) =>
			`返回 ${p.code}（${p.desc}），这是网关的应答：平台在网关检查之前没有拒绝签名。本机不在中国移动蜂窝数据网络上，从这里发出的 getMobile 只能走到这一步；只有当平台先验签时 $${p.name} 才算得到确认（模拟器如此，接口文档未说明）。`,
		'getMobile.undecided': (p) => `返回 ${p.code}（${p.desc}）：这次无法检查 appkey，请稍后再运行 doctor。`,
		'getMobile.other': (p) => `对 doctor 签名的 getMobile 返回 ${p.code}（${p.desc}）：请连同应答告诉我们。`,
		'getMobile.noAppKeyEnv': () => '未发送：appkey 未检查。传入 --app-key-env NAME（保存 appkey 的环境变量名），用一次 getMobile 检查它。',
		'getMobile.appKeyUnusable': (p) => `未发送：$${p.name} 不是可用的 appkey（见上）。`,
		'getMobile.badUrl': (p) => `--get-mobile-url ${p.url} 不是 http(s) 地址。`,
		'platform.accepted': (p) =>
			`对伪造 token 返回 ${p.code}：appId 存在且有权益，本机 IP 在白名单内。若平台先验签再校验 token（模拟器如此，接口文档未说明），签名也已通过。`,
		'platform.ip': (p) => `返回 ${p.code}：本机出网 IP 不在白名单。请在开放平台把本机访问互联网所用的公网 IP 加入应用的「平台访问 IP」。`,
		'platform.sign': (p) =>
			`返回 ${p.code}：用 ${p.algorithm} 和另一种算法签名都未通过验证。平台报备的公钥不是此私钥的公钥：请报备下方打印的公钥。`,
		'platform.otherAlgorithm': (p) =>
			`用 ${p.algorithm} 返回 ${SIGN_INVALID}，用 ${p.other} 则通过（${p.code}）：平台使用 ${JAVA_NAME[p.other as string]}。请在服务端工具包中设置 ` +
			`signatureAlgorithm: '${p.other}'（此处用 --algorithm ${p.other}）。`,
		'platform.appId': (p) => `返回 ${p.code}（${p.desc}）：appId 错误、未配置或不在有效期内。`,
		'platform.rights': (p) => `返回 ${p.code}（${p.desc}）：appId 没有 UAID 能力权益，请联系中国移动开通。`,
		'platform.fakeAccepted': () => '对一个从未签发的 token 返回成功：--platform-url 指向的不是中国移动平台（也不是模拟器）。',
		'platform.other': (p) => `返回 ${p.code}（${p.desc}）。`,
		'platform.unknown': (p) => `返回 ${p.code}（${p.desc}），不在任何返回码表中：请连同应答告诉我们。`,
		'platform.badUrl': (p) => `--platform-url ${p.url} 不是 http(s) 地址。`,
		'platform.noKey': () => '未调用：没有可读的私钥，无法签名。',
		'net.timeout': (p) => `${p.seconds} 秒内没有应答。通常是防火墙丢弃了出站流量：请开通到 ${p.host}:${p.port} 的出网访问。`,
		'net.dns': (p) => `${p.host} 无法解析（${p.code}）：本机没有可用的 DNS，或防火墙拦截了 DNS。`,
		'net.refused': (p) => `${p.host}:${p.port} 拒绝连接：防火墙拒绝了到该地址的出站流量，或该端口无服务。`,
		'net.reset': (p) => `到 ${p.host}:${p.port} 的连接被中断：中间的防火墙或代理关闭了它。`,
		'net.unreachable': (p) => `${p.host} 不可达（${p.code}）：本网络没有出网路由。`,
		'net.tls': (p) => `TLS 失败（${p.code}）：中间有拦截代理、CA 证书库缺少平台的 CA，或该端口不是 TLS。${p.reason}`,
		'net.http': (p) => `返回 HTTP ${p.status}：平台总是返回 200，说明是中间的代理或网关在应答。`,
		'net.garbled': (p) => `返回 HTTP ${p.status}，内容不是平台的 JSON：代理页面，或 --platform-url 错误。`,
		'net.other': (p) => `调用失败（${p.code}）：${p.reason}`,
		'clock.ok': (p) => `与平台时钟相差 ${p.seconds} 秒（允许 ${p.max} 秒以内）。`,
		'clock.ahead': (p) => `比平台快 ${p.seconds} 秒（超过 ${p.max} 秒）：请同步时钟（NTP）。时间戳为北京时间。`,
		'clock.behind': (p) => `比平台慢 ${p.seconds} 秒（超过 ${p.max} 秒）：请同步时钟（NTP）。时间戳为北京时间。`,
		'clock.noTimestamp': () => '未比较：应答中没有时间戳。',
	},
};

export const DOCTOR_TEXTS: Record<DoctorLanguage, DoctorTexts> = { en, 'zh-CN': zhCN };

/** `--lang`, else the locale: LC_ALL, LC_MESSAGES, LANG, then the runtime's; Chinese for any `zh*`. */
export function doctorLanguage(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): DoctorLanguage {
	if (flag === 'en' || flag === 'zh-CN') return flag;
	const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || Intl.DateTimeFormat().resolvedOptions().locale;
	return /^zh/i.test(locale) ? 'zh-CN' : 'en';
}

export function doctorMessage(language: DoctorLanguage, message: string, params: Params): string {
	const text = DOCTOR_TEXTS[language].messages[message];
	if (!text) throw new Error(`No doctor message ${message}.`);
	return text(params);
}
