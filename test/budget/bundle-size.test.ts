/**
 * Size budgets (issue 5). Sizes are deterministic, so they are enforced here; timings are only
 * printed, by `npm run bench`.
 *
 * The budgets are IIFE ≤ 14 KiB gzip and our own code ≤ 3.5 KiB gzip (BUDGETS). Until a
 * budget is met, the size it stands at is held as a ceiling (CEILINGS), so nothing grows while
 * the work that meets it is done: lower a ceiling whenever a change shrinks the bundle, and delete
 * it once its budget holds. docs/performance.md gives the figures and the command behind each.
 * Issue 14 added two measures with ceilings of their own: the IIFE in brotli and the headless
 * client's own code (its goals, GOALS, are printed by the bench).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { BUDGETS, measureBundleSizes, ownCodeBundle, type BundleSizes } from '../../tools/sizes/bundle-sizes.js';

/**
 * Held ceilings, gzip bytes, where a budget is not met yet, with the browser targets of
 * tools/browser-targets.ts. Measured after issues 23, 25 and 27 merged (19,314 and 9,801 B): the
 * consent checkbox (+482 IIFE), the way out after errors with its reserved room (+445), the carrier
 * named and every getMobile code in the slim table (+269), the getMobile outcome report (+274),
 * less 202 B of minifier and bundling work (size26), less 383 B more (size26b: terser's options and
 * its shortening of internal property names, the bundle's module order, smaller element code), to
 * 18,931 and 9,705 B.
 * Issue 26's hard ceiling for the IIFE (18,432 B gzip, 16,384 B brotli) is still exceeded, by 499 B
 * gzip and 413 B brotli, and is that issue's to win back; these ceilings only stop further growth.
 */
const CEILINGS: Partial<Record<keyof typeof BUDGETS, number>> = {
	iifeGzip: 18_940,
	ownCodeGzip: 9_710,
};

/** Held ceilings of the measures issue 14 added (measured 16,797 B brotli and 4,593 B gzip after the same work). */
const IIFE_BROTLI_CEILING = 16_800;
const CLIENT_OWN_CODE_GZIP_CEILING = 4_600;

const limit = (name: keyof typeof BUDGETS): number => Math.max(BUDGETS[name], CEILINGS[name] ?? 0);

describe('bundle size budgets', () => {
	let sizes: BundleSizes;
	let ownCode: string;

	beforeAll(async () => {
		[sizes, ownCode] = await Promise.all([measureBundleSizes(), ownCodeBundle()]);
	}, 120_000);

	it('keeps the script-tag bundle within its gzip budget (14 KiB, or the held ceiling until then)', () => {
		expect(sizes.iife.gzip).toBeLessThanOrEqual(limit('iifeGzip'));
	});

	it('keeps our own code (element + client, without Lit and ky) within its gzip budget (3.5 KiB, or the held ceiling until then)', () => {
		expect(sizes.ownCode.gzip).toBeLessThanOrEqual(limit('ownCodeGzip'));
	});

	it("keeps the script-tag bundle in brotli, and the headless client's own code in gzip, within their held ceilings", () => {
		expect(sizes.iife.brotli).toBeLessThanOrEqual(IIFE_BROTLI_CEILING);
		expect(sizes.clientOwnCode.gzip).toBeLessThanOrEqual(CLIENT_OWN_CODE_GZIP_CEILING);
	});

	it('holds no ceiling above a budget that is already met', () => {
		// A ceiling left in place after its budget holds would let the bundle grow back past the budget.
		if (CEILINGS.iifeGzip !== undefined)
			expect(sizes.iife.gzip, 'IIFE meets 14 KiB: delete CEILINGS.iifeGzip').toBeGreaterThan(BUDGETS.iifeGzip);
		if (CEILINGS.ownCodeGzip !== undefined)
			expect(sizes.ownCode.gzip, 'own code meets 3.5 KiB: delete CEILINGS.ownCodeGzip').toBeGreaterThan(BUDGETS.ownCodeGzip);
	});

	it('ships Lit and ky inside the IIFE, and keeps them out of the ESM entry so apps deduplicate them', () => {
		expect(sizes.iife.gzip).toBeGreaterThan(sizes.litAndKy.gzip);
		expect(ownCode).toMatch(/from\s*"lit"/);
		expect(ownCode).toMatch(/from\s*"ky"/);
	});

	it('keeps the result-code catalogue descriptions and the Node-only MD5 signer out of the browser code', () => {
		// The catalogue's text is server/simulator material (9 KB minified); the browser only needs each code's class.
		expect(ownCode).not.toContain('The gateway inserted no number');
		expect(ownCode).not.toContain('SparkMD5');
	});
});
