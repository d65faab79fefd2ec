import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { GET_MOBILE_PATH, GET_MOBILE_URL } from '../protocol/index.js';
import { SIGNATURE_ALGORITHMS, type SignatureAlgorithm } from '../protocol/node/index.js';
import { runDoctor, type DoctorReport } from './doctor/checks.js';
import { DOCTOR_TEXTS, doctorLanguage, doctorMessage, type DoctorLanguage } from './doctor/messages.js';
import type { CliCommand } from './command.js';
import { CliError } from './errors.js';

/** The platform's own host for imeiTokenValidate. */
const DEFAULT_PLATFORM_URL = 'https://www.cmpassport.com';
const DEFAULT_TIMEOUT_MS = 10_000;

async function readKeyFile(flag: string, value: string | boolean | undefined): Promise<string | undefined> {
	if (value === undefined) return undefined;
	if (typeof value !== 'string' || value === '') throw new CliError(`${flag} needs a file name.`);
	try {
		return await readFile(resolve(value), 'utf8');
	} catch (error) {
		throw new CliError(`cannot read ${flag} ${value}: ${error instanceof Error ? error.message : String(error)}`, 1);
	}
}

function render(report: DoctorReport, language: DoctorLanguage): string {
	const texts = DOCTOR_TEXTS[language];
	const width = Math.max(...Object.values(texts.checks).map((name) => name.length));
	const statusWidth = Math.max(...Object.values(texts.status).map((name) => name.length));
	const lines = [texts.title, ''];
	for (const v of report.verdicts) {
		const message = doctorMessage(language, v.message, v.params);
		lines.push(`[${texts.status[v.status].padEnd(statusWidth)}] ${texts.checks[v.check].padEnd(width)}  ${message}`);
	}
	if (report.publicKey) lines.push('', texts.pasteHint, report.publicKey);
	lines.push('', report.ok ? texts.summaryOk : texts.summaryFail);
	return `${lines.join('\n')}\n`;
}

/**
 * getMobile beside `--platform-url`: the platform's own getMobile host by default, the same origin
 * for any other `--platform-url` (the simulator serves both endpoints).
 */
function getMobileUrlFor(platformUrl: string | undefined): string {
	if (platformUrl === undefined) return GET_MOBILE_URL;
	const origin = URL.parse(platformUrl)?.origin;
	return origin && origin !== 'null' ? origin + GET_MOBILE_PATH : platformUrl;
}

/**
 * `cmcc-uaid doctor`: checks an app's configuration before the first live call, without a phone.
 * Offline, the keys and the appkey's shape; online, one getMobile signed with the appkey (a sign
 * refusal names the appkey), one imeiTokenValidate with a token the platform never issued, whose
 * answer says how far the call got (appId, IP whitelist, signature), and the clock against the
 * answer's timestamp. Never prints the private key or the appkey.
 */
export const doctorCommand: CliCommand = {
	summary:
		"Check an app's configuration against the platform before the first live call: keys, appkey (one getMobile signed with it), IP " +
		'whitelist, signature algorithm, network path and clock. Exit status 0 only when every check passes.',
	usage:
		`cmcc-uaid doctor --app-id ID --private-key FILE [--public-key FILE] [--algorithm md5|sha256 (default md5)] [--platform-url URL ` +
		`(default ${DEFAULT_PLATFORM_URL})] [--get-mobile-url URL (default ${GET_MOBILE_URL}, or getMobile beside --platform-url)] ` +
		`[--app-key-env NAME] [--timeout-ms N (default ${DEFAULT_TIMEOUT_MS})] [--json] [--lang en|zh-CN]`,
	options: {
		'app-id': { type: 'string' },
		'private-key': { type: 'string' },
		'public-key': { type: 'string' },
		algorithm: { type: 'string' },
		'platform-url': { type: 'string' },
		'get-mobile-url': { type: 'string' },
		'app-key-env': { type: 'string' },
		'timeout-ms': { type: 'string' },
		json: { type: 'boolean' },
		lang: { type: 'string' },
	},
	async run(values) {
		const appId = values['app-id'];
		if (typeof appId !== 'string' || appId.trim() === '') throw new CliError(`--app-id is required.\nUsage: ${doctorCommand.usage}`);
		if (values['private-key'] === undefined) throw new CliError(`--private-key is required.\nUsage: ${doctorCommand.usage}`);
		const algorithm = (values.algorithm ?? 'md5') as SignatureAlgorithm;
		if (!SIGNATURE_ALGORITHMS.includes(algorithm))
			throw new CliError(`--algorithm must be one of ${SIGNATURE_ALGORITHMS.join(', ')}, got ${String(values.algorithm)}.`);
		const lang = values.lang;
		if (lang !== undefined && lang !== 'en' && lang !== 'zh-CN') throw new CliError(`--lang must be en or zh-CN, got ${String(lang)}.`);
		const timeoutText = values['timeout-ms'];
		if (timeoutText !== undefined && (typeof timeoutText !== 'string' || !/^\d{1,6}$/.test(timeoutText) || Number(timeoutText) < 1))
			throw new CliError(`--timeout-ms must be a whole number of milliseconds, got ${String(timeoutText)}.`);
		const appKeyEnv = values['app-key-env'];
		if (appKeyEnv !== undefined && (typeof appKeyEnv !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(appKeyEnv))) {
			const got = typeof appKeyEnv === 'string' ? `${appKeyEnv.length} characters` : String(appKeyEnv);
			throw new CliError(`--app-key-env takes the name of an environment variable (not the appkey itself), got ${got}.`);
		}

		const privateKeyText = (await readKeyFile('--private-key', values['private-key']))!;
		const publicKeyText = await readKeyFile('--public-key', values['public-key']);
		const report = await runDoctor({
			appId: appId.trim(),
			privateKeyText,
			publicKeyText,
			algorithm,
			platformUrl: typeof values['platform-url'] === 'string' ? values['platform-url'] : DEFAULT_PLATFORM_URL,
			getMobileUrl:
				typeof values['get-mobile-url'] === 'string'
					? values['get-mobile-url']
					: getMobileUrlFor(typeof values['platform-url'] === 'string' ? values['platform-url'] : undefined),
			appKey: typeof appKeyEnv === 'string' ? { name: appKeyEnv, value: process.env[appKeyEnv] } : undefined,
			timeoutMs: timeoutText === undefined ? DEFAULT_TIMEOUT_MS : Number(timeoutText),
			now: Date.now,
		});
		const language = doctorLanguage(typeof lang === 'string' ? lang : undefined);
		if (values.json === true) {
			const checks = report.verdicts.map((v) => ({
				check: v.check,
				status: v.status,
				message: v.message,
				text: doctorMessage(language, v.message, v.params),
				params: v.params,
			}));
			process.stdout.write(`${JSON.stringify({ ok: report.ok, checks, publicKey: report.publicKey }, null, 2)}\n`);
		} else {
			process.stdout.write(render(report, language));
		}
		return report.ok ? 0 : 1;
	},
};
