import { describe, expect, it } from 'vitest';
import { classifyResultCode } from '../../src/protocol/result-classes.js';
import { RESULT_CODES, resultCodesMarkdown, resultVariant } from '../../src/protocol/result-codes.js';

// Every (endpoint, code, resultDesc) row of the guide's two tables, read off §3.1.3 and §3.2.3.
const GUIDE_ROWS: [string, string, string][] = [
	['getMobile', '103000', '成功'],
	['getMobile', '110022', '权益已失效'],
	['getMobile', '110022', '应用 ID 不存在'],
	['getMobile', '110023', '应用没有权益'],
	['getMobile', '111002', '黑名单号码用户'],
	['getMobile', '110025', '权益已失效'],
	['getMobile', '111002', '网关未插入手机号-116'],
	['getMobile', '111002', '网关未插入手机号-非移动号码'],
	['getMobile', '130010', '参数为空-appId is empty'],
	['getMobile', '130010', '参数为空-msgId is empty'],
	['getMobile', '130010', '参数为空-timestamp is empty'],
	['getMobile', '130032', '解析参数错误'],
	['getMobile', '140005', '请求过于频繁'],
	['getMobile', '999999', '系统错误'],
	['imeiTokenValidate', '000000', '成功'],
	['imeiTokenValidate', '120009', 'token 重复校验或已失效'],
	['imeiTokenValidate', '110004', 'IP 不在白名单'],
	['imeiTokenValidate', '120009', 'token 校验失败'],
	['imeiTokenValidate', '130032', '解析参数错误'],
	['imeiTokenValidate', '130010', '参数为空'],
	['imeiTokenValidate', '130018', '验证签名失败'],
	['imeiTokenValidate', '110022', '应用 ID 不存在'],
	['imeiTokenValidate', '110023', '应用没有权益'],
	['imeiTokenValidate', '120010', 'refer 或 origin 不存在'],
	['imeiTokenValidate', '120010', 'refer 或 origin 校验失败'],
	['imeiTokenValidate', '999999', '系统异常'],
];

describe('result-code catalogue', () => {
	it('has every row of both tables in the guide, with its description', () => {
		for (const [endpoint, code, zh] of GUIDE_ROWS) {
			expect(
				RESULT_CODES.some((e) => e.endpoint === endpoint && e.code === code && e.zh === zh && e.provenance === 'guide'),
				`${endpoint} ${code} ${zh}`,
			).toBe(true);
		}
		const guideCount = RESULT_CODES.filter((e) => e.provenance === 'guide').length;
		expect(guideCount).toBe(GUIDE_ROWS.length);
	});

	it('marks the rows that are in neither the guide nor real traffic as assumed', () => {
		const assumed = RESULT_CODES.filter((e) => e.provenance === 'assumed').map((e) => `${e.endpoint}/${e.code}/${e.variant}`);
		expect(assumed).toEqual([
			'getMobile/130010/missing-traceId',
			'getMobile/130010/missing-version',
			'getMobile/130010/missing-businessType',
			'getMobile/130010/missing-sign',
			'getMobile/130018/sign-invalid',
		]);
	});

	it("has every code seen in real traffic or the vendor's SDK docs, marked observed, with the description as seen, its category and retryability", () => {
		const observed = RESULT_CODES.filter((e) => e.provenance === 'observed').map((e) => [e.code, e.zh, e.category, e.retryable]);
		expect(observed.sort()).toEqual(
			[
				['103101', '签名错误', 'app-config', false],
				['103111', 'WAP网关IP错误', 'not-cellular', false],
				['103134', 'WAP取号为空', 'not-cellular', false],
				['105002', '移动网关取号失败', 'not-cellular', false],
				['110028', 'appId不存在', 'app-config', false],
				['130030', '参数无效', 'bad-request', false],
				// ucloud/unvs-h5-sdk phone-login.md § 6.1 and phone-auth.md § 5, Aliyun's code table
				['103101', '错误的请求签名', 'app-config', false],
				['130010', '参数为空', 'bad-request', false],
				['110025', 'businessType 错误', 'app-config', false],
				['105112', '时间戳非法', 'app-config', true],
				['105113', 'APPID非法或为空', 'app-config', false],
				['110024', 'businessType配置错误', 'app-config', false],
				['110026', 'Origin校验失败', 'app-config', false],
				['103609', '物联网IP不允许取号', 'not-cellular', false],
				['170001', 'referer校验失败', 'app-config', false],
				['105312', '能力余量不足', 'app-config', false],
				['103211', '其他错误', 'platform-error', true],
				['500', '网络异常，请检查网络设置', 'platform-error', true],
				['503', '获取token结束', 'platform-error', true],
			].sort(),
		);
	});

	// Every code of the vendor SDK's 移动取号 tables, as ucloud/unvs-h5-sdk lists them (phone-login.md § 6.1, phone-auth.md § 5).
	it.each([
		['103000', '成功'],
		['500', '网络异常，请检查网络设置'],
		['503', '获取token结束'],
		['130010', '参数为空'],
		['105002', '移动网关取号失败'],
		['105112', '时间戳非法'],
		['105113', 'APPID非法或为空'],
		['103101', '错误的请求签名'],
		['103134', 'WAP取号为空'],
		['110024', 'businessType配置错误'],
		['110023', '应用没有权益'],
		['110025', '权益已失效'],
		['110025', 'businessType 错误'],
		['110026', 'Origin校验失败'],
		['103111', 'WAP网关IP错误'],
		['111002', '黑名单号码用户'],
		['103609', '物联网IP不允许取号'],
		['170001', 'referer校验失败'],
		['103211', '其他错误'],
	])("catalogues the vendor SDK docs' getMobile code %s %s", (code, zh) => {
		expect(RESULT_CODES.some((e) => e.endpoint === 'getMobile' && e.code === code && e.zh === zh)).toBe(true);
	});

	it("classes each source's code by who can fix it, with the rules issue 23 sets", () => {
		const row = (code: string) => classifyResultCode('getMobile', code);
		expect(row('103609')).toMatchObject({ category: 'not-cellular', retryable: false });
		for (const code of ['170001', '110026', '105113', '110024', '105312'])
			expect(row(code), code).toMatchObject({ category: 'app-config', retryable: false });
		expect(row('103211')).toMatchObject({ category: 'platform-error', retryable: true, retries: 1 });
		// 105112: one fresh sign, then stop.
		expect(row('105112')).toMatchObject({ category: 'app-config', retryable: true, retries: 1 });
		expect(row('105312').hint).toMatch(/15–30 min to sync at China Mobile/);
		expect(row('170001')).toMatchObject({ namesPage: true });
		const fixOf = (code: string) => RESULT_CODES.find((e) => e.endpoint === 'getMobile' && e.code === code)!.fix!.en;
		expect(fixOf('105002')).toMatch(/airplane mode.*restarts the phone/);
		expect(fixOf('170001')).toMatch(
			/referrer policy[\s\S]*<meta name="referrer"[\s\S]*registered page URL|registered page URL[\s\S]*referrer policy[\s\S]*<meta name="referrer"/,
		);
		expect(fixOf('110026')).toMatch(/trailing "\/"/);
	});

	it('gives every observed row its source', () => {
		for (const e of RESULT_CODES) if (e.provenance === 'observed') expect(e.source, `${e.endpoint} ${e.code} ${e.variant}`).toBeTruthy();
	});

	it.each(['103111', '103134', '105002', '103101', '110028', '130030'])(
		'classes the observed code %s the same from either endpoint',
		(code) => {
			const getMobile = classifyResultCode('getMobile', code);
			expect(getMobile.known).toBe(true);
			expect(classifyResultCode('imeiTokenValidate', code)).toEqual(getMobile);
		},
	);

	it('gives each variant a unique name per endpoint and an English description', () => {
		const keys = RESULT_CODES.map((e) => `${e.endpoint}/${e.variant}`);
		expect(new Set(keys).size).toBe(keys.length);
		for (const e of RESULT_CODES) expect(e.en.length).toBeGreaterThan(10);
	});

	it('agrees on category and retryability across the rows that share a code', () => {
		// classifyResultCode reads the slim table the build generates from the rows (tools/result-class-table.mjs,
		// applied by vite.config.ts here too): this holds the generated table to the rows it comes from.
		for (const e of RESULT_CODES) {
			const c = classifyResultCode(e.endpoint, e.code);
			expect(c, `${e.endpoint} ${e.code}`).toMatchObject({ category: e.category, retryable: e.retryable, known: true });
			expect(c.retries, `${e.endpoint} ${e.code}`).toBe(e.retries);
			expect(c.hint, `${e.endpoint} ${e.code}`).toBe(e.hint);
		}
	});

	it.each([
		['111002', 'not-cellular', false],
		['110022', 'app-config', false],
		['110023', 'app-config', false],
		['110025', 'app-config', false],
		['110004', 'app-config', false],
		['130018', 'app-config', false],
		['120010', 'app-config', false],
		['140005', 'rate-limited', false],
		['120009', 'token-expired', true],
		['130010', 'bad-request', false],
		['130032', 'bad-request', false],
		['999999', 'platform-error', true],
		['103111', 'not-cellular', false],
		['103134', 'not-cellular', false],
		['105002', 'not-cellular', false],
		['103101', 'app-config', false],
		['110028', 'app-config', false],
		['130030', 'bad-request', false],
	] as const)('classes %s as %s (retryable %s)', (code, category, retryable) => {
		const endpoint = RESULT_CODES.find((e) => e.code === code)!.endpoint;
		expect(classifyResultCode(endpoint, code)).toMatchObject({ category, retryable });
	});

	it('classes an unknown code as a retryable platform error', () => {
		expect(classifyResultCode('getMobile', '123456')).toEqual({ category: 'platform-error', retryable: true, retries: 1, known: false });
		expect(classifyResultCode('imeiTokenValidate', '103112')).toEqual({
			category: 'platform-error',
			retryable: true,
			retries: 1,
			known: false,
		});
	});

	it('finds variants by name and refuses unknown ones', () => {
		expect(resultVariant('getMobile', 'no-number')).toMatchObject({ code: '111002', zh: '网关未插入手机号-116' });
		expect(() => resultVariant('getMobile', 'nope')).toThrow(/No result code variant/);
	});

	it('renders one Markdown row per catalogue row', () => {
		expect(resultCodesMarkdown().split('\n')).toHaveLength(RESULT_CODES.length + 2);
	});
});
