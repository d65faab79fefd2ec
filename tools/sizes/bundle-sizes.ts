import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build as esbuild, type BuildOptions, type Plugin } from 'esbuild';
import { build as viteBuild } from 'vite';
import { BROWSER_TARGETS } from '../browser-targets.js';
import { minifyLiteralsEsbuild } from '../minify-literals.mjs';
import { resultClassTableEsbuild } from '../result-class-table.mjs';

/** Bytes of one bundle as it is served: raw, gzip -9 and brotli at its highest quality. */
export interface BundleSize {
	raw: number;
	gzip: number;
	brotli: number;
}

export interface BundleSizes {
	/** `dist/cmcc-uaid.iife.js` as `vite build --mode iife` makes it: everything inlined. */
	iife: BundleSize;
	/** The ESM entry (`src/index.ts`: element + client) with `lit` and `ky` left out: our own code only. */
	ownCode: BundleSize;
	/** The headless client (`src/client/index.ts`) with ky left out: its own code only. */
	clientOwnCode: BundleSize;
	/** The headless client with ky inlined, as a page without the element ships it. */
	client: BundleSize;
	/** The Lit API the element uses, bundled alone. */
	lit: BundleSize;
	/** The ky API the client uses, bundled alone. */
	ky: BundleSize;
	/** Both together. */
	litAndKy: BundleSize;
}

const root = fileURLToPath(new URL('../../', import.meta.url));

export function sizeOf(code: string | Uint8Array): BundleSize {
	const bytes = typeof code === 'string' ? Buffer.from(code) : Buffer.from(code);
	return {
		raw: bytes.length,
		gzip: gzipSync(bytes, { level: 9 }).length,
		brotli: brotliCompressSync(bytes, {
			params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
		}).length,
	};
}

/** The script-tag bundle, built in memory from the project's own vite config: the same bytes `npm run build` writes. */
async function buildIife(): Promise<string> {
	// Vite resolves Lit's development build (larger, with warnings) unless NODE_ENV says production,
	// and vitest sets it to `test`: pin it for the build, as `npm run build` has it.
	const nodeEnv = process.env.NODE_ENV;
	process.env.NODE_ENV = 'production';
	let output: Awaited<ReturnType<typeof viteBuild>>;
	try {
		output = await viteBuild({
			root,
			configFile: `${root}vite.config.ts`,
			mode: 'iife',
			logLevel: 'silent',
			build: { write: false, sourcemap: false, emptyOutDir: false },
		});
	} finally {
		if (nodeEnv === undefined) delete process.env.NODE_ENV;
		else process.env.NODE_ENV = nodeEnv;
	}
	const outputs = Array.isArray(output) ? output : [output];
	for (const result of outputs) {
		if (!('output' in result)) continue;
		const chunk = result.output.find((item) => item.type === 'chunk' && item.fileName.endsWith('.iife.js'));
		if (chunk && chunk.type === 'chunk') return chunk.code;
	}
	throw new Error('vite build --mode iife produced no .iife.js chunk');
}

/**
 * One entry bundled and minified with esbuild, the way an app's bundler would ship it; `external`
 * packages are left out so that what remains is the entry's own code.
 */
async function bundle(entry: string, external: string[] = []): Promise<string> {
	return (await bundleWithMetafile(entry, external)).code;
}

/**
 * The esbuild settings every own-code measure uses: bundled, minified, ESM, the browser targets,
 * `external` packages left out, the css/html literals minified as the package's build does.
 * `plugins` run before that minification (bench/sizes/feature-drops.ts stubs features with one).
 */
export function ownCodeBuildOptions(entry: string, external: string[] = [], plugins: Plugin[] = []): BuildOptions & { write: false } {
	return {
		absWorkingDir: root,
		entryPoints: [entry],
		bundle: true,
		minify: true,
		format: 'esm',
		target: BROWSER_TARGETS,
		platform: 'browser',
		external: external.flatMap((name) => [name, `${name}/*`]),
		write: false,
		logLevel: 'silent',
		// The element's css/html literals minified, as every build of the package does (tools/minify-literals.mjs).
		plugins: [...plugins, resultClassTableEsbuild(), minifyLiteralsEsbuild()],
		// Class fields as tsc compiles them for the npm build (assigned in the constructor, which Lit's reactive properties need).
		tsconfigRaw: { compilerOptions: { experimentalDecorators: true, useDefineForClassFields: false } },
	};
}

async function bundleWithMetafile(
	entry: string,
	external: string[] = [],
): Promise<{ code: string; modules: { path: string; bytes: number }[] }> {
	const result = await esbuild({ ...ownCodeBuildOptions(entry, external), metafile: true });
	const file = result.outputFiles[0];
	const output = Object.values(result.metafile.outputs)[0];
	if (!file || !output) throw new Error(`esbuild produced nothing for ${entry}`);
	const modules = Object.entries(output.inputs)
		.map(([path, input]) => ({ path, bytes: input.bytesInOutput }))
		.filter((module) => module.bytes > 0)
		.sort((a, b) => b.bytes - a.bytes);
	return { code: file.text, modules };
}

/**
 * Where the own code's minified bytes come from, module by module (esbuild's metafile), largest
 * first; what no module accounts for is esbuild's runtime helpers (class static blocks lowered for
 * the browser targets) and the lit/ky import lines.
 */
export async function ownCodeByModule(): Promise<{ path: string; bytes: number }[]> {
	const { code, modules } = await bundleWithMetafile('src/index.ts', ['lit', 'ky']);
	const accounted = modules.reduce((sum, module) => sum + module.bytes, 0);
	return [...modules, { path: '(esbuild helpers and lit/ky import lines)', bytes: Buffer.byteLength(code) - accounted }];
}

/** The own-code bundle itself, for checks on what it contains. */
export async function ownCodeBundle(): Promise<string> {
	return bundle('src/index.ts', ['lit', 'ky']);
}

/** Every bundle the budget and the bench talk about, measured in one go. */
export async function measureBundleSizes(): Promise<BundleSizes> {
	const [iife, ownCode, clientOwnCode, client, lit, ky, litAndKy] = await Promise.all([
		buildIife(),
		bundle('src/index.ts', ['lit', 'ky']),
		bundle('src/client/index.ts', ['ky']),
		bundle('src/client/index.ts'),
		bundle('bench/sizes/entries/lit-alone.ts'),
		bundle('bench/sizes/entries/ky-alone.ts'),
		bundle('bench/sizes/entries/lit-and-ky.ts'),
	]);
	return {
		iife: sizeOf(iife),
		ownCode: sizeOf(ownCode),
		clientOwnCode: sizeOf(clientOwnCode),
		client: sizeOf(client),
		lit: sizeOf(lit),
		ky: sizeOf(ky),
		litAndKy: sizeOf(litAndKy),
	};
}

/** Budgets, in gzip bytes (issue 5). Enforced by test/budget/; printed by the bench. */
export const BUDGETS = {
	iifeGzip: 14 * 1024,
	ownCodeGzip: 3.5 * 1024,
} as const;

/** Issue 14's goals on the way to the budgets, in bytes (Lit and ky stay); printed by the bench. */
export const GOALS = {
	iifeGzip: 15_872,
	iifeBrotli: 14_000,
	ownCodeGzip: 5_120,
	clientOwnCodeGzip: 3_000,
} as const;
