import { defineConfig } from 'vitest/config';
import { BROWSER_TARGETS } from './tools/browser-targets.js';
import { minifyLiteralsVite } from './tools/minify-literals.mjs';
import { resultClassTableVite } from './tools/result-class-table.mjs';

/**
 * Property names terser may shorten in the script-tag bundle: each is a key only of our own internal
 * objects (the slim result-class table and its classification, the parsed getMobile answer, the
 * client's runs and pending prefetch, the element's controllers, its template's view, and the labels
 * of its strings tables that are read by name; the sentences, looked up by situation, keep theirs),
 * never of a public option, event detail, error, wire JSON read by dot, DOM, Lit or ky object
 * (`builtins: true` lets names DOM also uses, such as `ready`, through; none is read from a DOM
 * object here). A name added here must stay that private: the e2e suite runs this bundle.
 */
const INTERNAL_PROPERTIES =
	/^(category|known|namesPage|hint|fetchedAt|usableClient|replaceClient|abandon|showsFallback|onSuccess|onError|onSettled|resultDesc|resultCode|endpoint|fields|base|failure|debugMessage|blankLabel|engaged|onClick|onLabelChange|notice|take|failed|ready|ask|busy|tokenReceived|otherCarrier|consentRequired|button|success|client|run|controller|promise)$/;

/**
 * `vite build --mode iife`: the script-tag bundle `dist/cmcc-uaid.iife.js`, everything inlined,
 * one identifier-safe global `CmccUaid`. The ESM build is tsc's (see scripts/build.mjs).
 * `vitest`: unit and real-HTTP integration tests under `test/`.
 */
export default defineConfig(({ mode }) => ({
	plugins: mode === 'iife' ? [resultClassTableVite(), minifyLiteralsVite()] : [],
	build:
		mode === 'iife'
			? {
					outDir: 'dist',
					emptyOutDir: false,
					target: BROWSER_TARGETS,
					sourcemap: true,
					// terser after esbuild's syntax lowering: ~290 B gzip smaller than esbuild's minifier on this bundle.
					// No Safari 10 workarounds (vite turns them on; the targets start at Safari 15.4); property reads
					// without side effects (Lit's and ours are plain fields or pure getters); unused trailing
					// parameters dropped (nothing reads a function's length).
					minify: 'terser',
					terserOptions: {
						ecma: 2020,
						safari10: false,
						compress: { passes: 3, pure_getters: true, keep_fargs: false },
						format: { ascii_only: false },
						mangle: { properties: { regex: INTERNAL_PROPERTIES, builtins: true } },
					},
					lib: { entry: 'src/iife.ts', formats: ['iife'], name: 'CmccUaid', fileName: () => 'cmcc-uaid.iife.js' },
					// The global is a plain object: no Symbol.toStringTag "Module" defined on it at load.
					rollupOptions: { output: { generatedCode: { symbols: false } } },
				}
			: {},
	test: {
		include: ['test/**/*.test.ts'],
		environment: 'node',
		testTimeout: 20_000,
		hookTimeout: 30_000,
	},
}));
