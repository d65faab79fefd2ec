/**
 * The READMEs are the integrator's first contact: these tests keep them in the order issue 7 asks
 * for, in step with the code (error table, attributes, events, parts, custom properties) and
 * complete on the set-up facts (open-platform field names, SRI tag, CSP, FAQ), in both languages.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
	cdnScriptTag,
	ELEMENT_DOCS,
	errorTable,
	npmmirrorUrl,
	READMES,
	TABLE_END,
	TABLE_START,
	withResultCodes,
	type ReadmeLanguage,
} from '../../scripts/readme-sync.js';
import { RESULT_FIXES } from '../../src/protocol/result-fixes.js';
import { DEMO_APP } from '../../src/simulator/index.js';

const manifest = JSON.parse(readFileSync(new URL('../../custom-elements.json', import.meta.url), 'utf8')) as {
	modules: {
		declarations?: {
			customElement?: boolean;
			attributes?: { name: string }[];
			events?: { name: string; type?: { text: string } }[];
			cssParts?: { name: string }[];
			cssProperties?: { name: string }[];
		}[];
	}[];
};
const element = manifest.modules.flatMap((module) => module.declarations ?? []).find((declaration) => declaration.customElement)!;

/** The sections issue 7 lists, in its order, as each README titles them. */
const SECTIONS: Record<ReadmeLanguage, string[]> = {
	en: [
		'Install',
		'Usage',
		'Attributes',
		'Events',
		'Errors',
		'Styling',
		'Backend set-up',
		'Testing with the simulator',
		'Browser support',
		'Performance',
		'FAQ',
	],
	'zh-CN': ['安装', '用法', '属性', '事件', '错误', '样式', '后端配置', '用模拟器测试', '浏览器支持', '性能', '常见问题'],
};

const OPEN_PLATFORM_FIELDS = ['平台访问 IP', '集成页面地址（referer 地址）', '请求来源地址（origin 地址）', 'RSA 公钥'];

for (const language of ['en', 'zh-CN'] as const) {
	describe(`${language === 'en' ? 'README.md' : 'README.zh-CN.md'}`, () => {
		const readme = readFileSync(READMES[language], 'utf8');
		const section = (title: string): string => {
			const start = readme.indexOf(`\n## ${title}\n`);
			expect(start, `section "${title}"`).toBeGreaterThan(-1);
			const next = readme.indexOf('\n## ', start + 1);
			return readme.slice(start, next === -1 ? undefined : next);
		};

		it('stays short: at most 450 lines, the measurements in docs/performance.md and docs/reliability.md (issue 29)', () => {
			expect(readme.split('\n').length).toBeLessThanOrEqual(450);
			for (const page of ['performance.md', 'reliability.md']) expect(readme).toContain(`docs/${language === 'en' ? '' : 'zh-CN/'}${page}`);
		});

		it('has the sections in the order pitch → commands → install → … → FAQ', () => {
			const positions = SECTIONS[language].map((title) => readme.indexOf(`\n## ${title}\n`));
			expect(
				positions.every((position) => position > -1),
				`missing: ${SECTIONS[language].filter((_, i) => positions[i] === -1).join(', ')}`,
			).toBe(true);
			expect([...positions].sort((a, b) => a - b)).toEqual(positions);
			// The commands come before every section.
			expect(readme.indexOf('npm ci && npm run demo')).toBeLessThan(positions[0]!);
			expect(readme.indexOf('npx cmcc-uaid demo')).toBeLessThan(positions[0]!);
			expect(readme.indexOf('npm ci && npm test')).toBeLessThan(positions[0]!);
		});

		it('carries the error table generated from the code (npx tsx scripts/readme-sync.ts --write)', () => {
			const start = readme.indexOf(TABLE_START);
			const end = readme.indexOf(TABLE_END);
			expect(start).toBeGreaterThan(-1);
			expect(readme.slice(start + TABLE_START.length, end).trim()).toBe(errorTable(language));
			expect(start).toBeGreaterThan(readme.indexOf(`\n## ${SECTIONS[language][4]}\n`));
		});

		it('documents every attribute, event, part and custom property the manifest lists', () => {
			const attributes = section(SECTIONS[language][2]!);
			for (const { name } of element.attributes!) expect(attributes).toContain(`| \`${name}\` |`);
			const events = section(SECTIONS[language][3]!);
			for (const { name, type } of element.events!) expect(events).toContain(`| \`${name}\` | \`${type!.text}\` |`);
			const styling = section(SECTIONS[language][5]!);
			for (const { name } of element.cssParts!) expect(styling).toContain(`| \`${name}\` |`);
			for (const { name } of element.cssProperties!) expect(styling).toContain(`| \`${name}\` |`);
		});

		it('serves the script tag from the own site first, names a CDN inside mainland China, gives the jsDelivr tag with this version, SRI hash and crossorigin, and the CSP directives', () => {
			const install = section(SECTIONS[language][0]!);
			expect(install.indexOf('<script src="/cmcc-uaid.iife.js"></script>')).toBeGreaterThan(-1);
			expect(install.indexOf('<script src="/cmcc-uaid.iife.js"></script>')).toBeLessThan(install.indexOf('https://cdn.jsdelivr.net'));
			expect(install).toContain(npmmirrorUrl());
			expect(npmmirrorUrl()).toMatch(
				/^https:\/\/registry\.npmmirror\.com\/cmcc-uaid\/\d+\.\d+\.\d+[^/]*\/files\/dist\/cmcc-uaid\.iife\.js$/,
			);
			// Stale after a change to the bundle: `npm run build && npx tsx scripts/readme-sync.ts --write`.
			expect(install).toContain(cdnScriptTag());
			expect(install).toContain("script-src  'self'");
			expect(install).toContain("connect-src 'self' https://verify.cmpassport.com");
		});

		it('names the open platform’s fields in the backend set-up', () => {
			const backend = section(SECTIONS[language][6]!);
			for (const field of OPEN_PLATFORM_FIELDS) expect(backend).toContain(field);
			for (const code of ['110004', '120010', '130018']) expect(backend).toContain(code);
		});

		it('answers the FAQ on Wi-Fi, iOS, the WeChat webview, 120010 and 130018', () => {
			const faq = section(SECTIONS[language][10]!);
			for (const topic of ['Wi-Fi', 'iOS', language === 'en' ? 'WeChat' : '微信', '120010', '130018']) expect(faq).toContain(topic);
		});

		it('splits 130018 by stage in the FAQ, as the catalogue does: the appKey or appId at getMobile, the public key or algorithm at validate', () => {
			const faq = section(SECTIONS[language][10]!);
			const answer = faq.slice(faq.indexOf('**130018'));
			const lang = language === 'en' ? 'en' : 'zh';
			expect(answer.indexOf('stage: "token"')).toBeGreaterThan(-1);
			expect(answer.indexOf('stage: "validate"')).toBeGreaterThan(answer.indexOf('stage: "token"'));
			expect(answer).toContain(lang === 'en' ? "the appKey or appId does not match the platform's" : 'appKey 或 appId 与平台不符');
			expect(answer).toContain(lang === 'en' ? 'the registered public key or algorithm does not match' : '报备的公钥或签名算法不匹配');
			expect(RESULT_FIXES.getMobile['130018']![lang]).toContain(
				lang === 'en' ? "the appKey or appId does not match the platform's" : 'appKey 或 appId 与平台不符',
			);
		});

		it('says in the simulator section which appId, appKey and private key to use, with and without --config, and the config shape', () => {
			const simulator = section(SECTIONS[language][7]!);
			for (const text of [
				'--config sim.json',
				DEMO_APP.appId,
				DEMO_APP.appKey,
				'DEMO_PRIVATE_KEY',
				'"publicKey"',
				'"serverIps"',
				'"origins"',
				'"referers"',
				'平台访问 IP',
				'请求来源地址',
				'集成页面地址',
			])
				expect(simulator).toContain(text);
		});

		it('shows how to forward uaid-error to monitoring, since getMobile failures never reach the backend', () => {
			const errors = section(SECTIONS[language][4]!);
			expect(errors).toContain("document.addEventListener('uaid-error', ({ detail }) => {");
			expect(errors).toContain('stage: detail.stage, platformCode: detail.platformCode');
			expect(errors).toContain("stage: 'token'");
		});
	});
}

it('README.md keeps the first screen’s commands exactly: the demo in a clone and from the installed package, and the tests', () => {
	const readme = readFileSync(READMES.en, 'utf8');
	expect(readme).toContain(
		[
			'```sh',
			'npm ci && npm run demo     # in a clone: the whole flow in a browser, on the embedded simulator, no configuration',
			'npx cmcc-uaid demo         # the same from the installed package (after `npm install cmcc-uaid`)',
			"npm ci && npm test         # in a clone: unit, integration and end-to-end tests (needs a Chromium: Debian's `chromium`",
			'                           # at /usr/bin/chromium is found without configuration; else set CHROMIUM_PATH)',
			'```',
		].join('\n'),
	);
	expect(readme.indexOf('npm ci && npm run demo')).toBeLessThan(1200);
});

describe('docs/element.md', () => {
	it('carries every row of the result-code catalogue with its provenance (npx tsx scripts/readme-sync.ts --write)', () => {
		for (const path of ELEMENT_DOCS) {
			const page = readFileSync(path, 'utf8');
			expect(page, path).toBe(withResultCodes(page));
			expect(page, path).toContain('| getMobile | 170001 | referer校验失败 |');
		}
	});
});
