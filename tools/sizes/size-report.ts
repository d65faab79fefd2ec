import { existsSync, readFileSync } from 'node:fs';
import { BUDGETS, GOALS, measureBundleSizes, ownCodeByModule, sizeOf, type BundleSize, type BundleSizes } from './bundle-sizes.js';
import { table, verdict } from '../stats.js';
import { BROWSER_TARGETS } from '../browser-targets.js';

const bytes = (n: number): string => n.toLocaleString('en-US');
const row = (name: string, size: BundleSize): string[] => [name, bytes(size.raw), bytes(size.gzip), bytes(size.brotli)];

/** What part 1 reports, measured once (scripts/sync/sizes.ts measures it for the docs too). */
export interface MeasuredSizes {
	sizes: BundleSizes;
	modules: { path: string; bytes: number }[];
}

export async function measureSizes(): Promise<MeasuredSizes> {
	const [sizes, modules] = await Promise.all([measureBundleSizes(), ownCodeByModule()]);
	return { sizes, modules };
}

/** Part 1: the bundles, the dependencies' share beside them, the budgets, and where our own bytes go. */
export async function benchSizes(
	print: (line: string) => void,
	measured?: MeasuredSizes,
): Promise<{ iifeGzip: number; iifeBrotli: number }> {
	const { sizes, modules } = measured ?? (await measureSizes());
	print(
		`bytes; gzip -9 and brotli q11; IIFE built by vite and minified by terser (the shipped file), the rest bundled + minified by esbuild; targets ${BROWSER_TARGETS.join(', ')}`,
	);
	print(
		table([
			['bundle', 'raw', 'gzip', 'brotli'],
			row('dist/cmcc-uaid.iife.js (all-in)', sizes.iife),
			row('ESM entry, own code only (lit, ky external)', sizes.ownCode),
			row('headless client, own code only (ky external)', sizes.clientOwnCode),
			row('headless client with ky', sizes.client),
			row('baseline: Lit alone (the API the element uses)', sizes.lit),
			row('baseline: ky alone (the API the client uses)', sizes.ky),
			row('baseline: Lit + ky together', sizes.litAndKy),
		]),
	);
	const file = new URL('../../dist/cmcc-uaid.iife.js', import.meta.url);
	if (existsSync(file)) {
		const onDisk = sizeOf(readFileSync(file));
		print(
			`(the file on disk, with its sourceMappingURL comment: ${bytes(onDisk.raw)} raw, ${bytes(onDisk.gzip)} gzip, ${bytes(onDisk.brotli)} brotli)`,
		);
	}
	const ownShare = sizes.iife.gzip - sizes.litAndKy.gzip;
	print(
		`own share of the IIFE: ${bytes(sizes.iife.gzip)} − ${bytes(sizes.litAndKy.gzip)} (Lit + ky, minified by esbuild) = ${bytes(ownShare)} B gzip (${((ownShare / sizes.iife.gzip) * 100).toFixed(0)}%)`,
	);
	print(verdict(sizes.iife.gzip <= BUDGETS.iifeGzip, `IIFE ≤ ${bytes(BUDGETS.iifeGzip)} B (14 KiB) gzip: ${bytes(sizes.iife.gzip)} B`));
	print(
		verdict(
			sizes.ownCode.gzip <= BUDGETS.ownCodeGzip,
			`own code ≤ ${bytes(BUDGETS.ownCodeGzip)} B (3.5 KiB) gzip: ${bytes(sizes.ownCode.gzip)} B`,
		),
	);
	print(verdict(sizes.iife.gzip <= GOALS.iifeGzip, `issue 14: IIFE ≤ ${bytes(GOALS.iifeGzip)} B gzip: ${bytes(sizes.iife.gzip)} B`));
	print(
		verdict(sizes.iife.brotli <= GOALS.iifeBrotli, `issue 14: IIFE ≤ ${bytes(GOALS.iifeBrotli)} B brotli: ${bytes(sizes.iife.brotli)} B`),
	);
	print(
		verdict(
			sizes.ownCode.gzip <= GOALS.ownCodeGzip,
			`issue 14: ESM own code ≤ ${bytes(GOALS.ownCodeGzip)} B gzip: ${bytes(sizes.ownCode.gzip)} B`,
		),
	);
	print(
		verdict(
			sizes.clientOwnCode.gzip <= GOALS.clientOwnCodeGzip,
			`issue 14: headless client own code ≤ ${bytes(GOALS.clientOwnCodeGzip)} B gzip: ${bytes(sizes.clientOwnCode.gzip)} B`,
		),
	);
	const total = modules.reduce((sum, module) => sum + module.bytes, 0);
	print('where the own code goes (minified bytes per module, before compression):');
	print(table(modules.map((module) => [`  ${module.path}`, bytes(module.bytes), `${((module.bytes / total) * 100).toFixed(0)}%`])));
	return { iifeGzip: sizes.iife.gzip, iifeBrotli: sizes.iife.brotli };
}
