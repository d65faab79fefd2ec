/**
 * The integrator's fixes, as the catalogue's rows state them (`fix`), per endpoint: one code can
 * need different fixes where it is answered. 130018 at getMobile (the browser's call, stage
 * `token`) means the getMobile MD5 sign — made with the appKey for the appId — did not verify, so
 * the appKey or appId is wrong, and the backend never sees it; 130018 at imeiTokenValidate (stage
 * `validate`) means the RSA signature did not verify against the registered public key.
 */
import { RESULT_CODES } from './result-codes.js';
import type { PlatformEndpoint, ResultFix } from './result-types.js';

export type { ResultFix } from './result-types.js';

function fixesOf(endpoint: PlatformEndpoint): Readonly<Record<string, ResultFix>> {
	const fixes: Record<string, ResultFix> = {};
	for (const e of RESULT_CODES)
		if (e.endpoint === endpoint && e.category === 'app-config' && e.fix && !fixes[e.code]) fixes[e.code] = e.fix;
	return Object.freeze(fixes);
}

/** Every `app-config` code of each endpoint with its fix (test/protocol/result-fixes.test.ts holds them to the catalogue). */
export const RESULT_FIXES: Readonly<Record<PlatformEndpoint, Readonly<Record<string, ResultFix>>>> = Object.freeze({
	getMobile: fixesOf('getMobile'),
	imeiTokenValidate: fixesOf('imeiTokenValidate'),
});

// biome-ignore lint/suspicious/noPrototypeBuiltins: not Object.hasOwn: Chrome 92, a script-tag target, lacks it.
const hasOwn = (table: object, code: string): boolean => Object.prototype.hasOwnProperty.call(table, code);

/**
 * The fix for a code as an endpoint answered it; a code the endpoint does not list is read as the other one lists it, as
 * `classifyResultCode` does.
 */
export function resultFix(endpoint: PlatformEndpoint, code: string): ResultFix | undefined {
	const other: PlatformEndpoint = endpoint === 'getMobile' ? 'imeiTokenValidate' : 'getMobile';
	return hasOwn(RESULT_FIXES[endpoint], code)
		? RESULT_FIXES[endpoint][code]
		: hasOwn(RESULT_FIXES[other], code)
			? RESULT_FIXES[other][code]
			: undefined;
}

/** An endpoint's fixes as one sentence, codes that share a fix together: `103101, 130018 — the appKey …; 110022 — …`. */
export function describeFixes(endpoint: PlatformEndpoint, language: keyof ResultFix): string {
	const codes = new Map<ResultFix, string[]>();
	for (const [code, entry] of Object.entries(RESULT_FIXES[endpoint])) codes.set(entry, [...(codes.get(entry) ?? []), code]);
	return [...codes].map(([entry, list]) => `${list.join(', ')} — ${entry[language]}`).join(language === 'en' ? '; ' : '；');
}
