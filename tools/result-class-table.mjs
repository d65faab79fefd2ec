// The browser's slim result-code table, generated from the catalogue at build time.
// src/protocol/result-class-table.ts derives the table from src/protocol/result-codes.ts when it
// runs (Node, tests); every browser build swaps that module for the same table written out as a
// literal, so the catalogue's texts (descriptions, fixes, sources) never reach a browser bundle:
// - the script-tag bundle: `resultClassTableVite()` in vite.config.ts (a browser's rows only);
// - the ESM files in dist/: `writeResultClassTable('dist')` after tsc (scripts/build.mjs);
// - the size bench's own-code bundles: `resultClassTableEsbuild()` (bench/sizes/bundle-sizes.ts).
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const TABLE_MODULE = fileURLToPath(new URL('../src/protocol/result-class-table.ts', import.meta.url));
const MODULE_PATTERN = /[\\/]src[\\/]protocol[\\/]result-class-table\.[jt]s$/;

/** The table, computed by the catalogue's own code (bundled by esbuild and imported once). */
async function loadTable() {
	const { outputFiles } = await build({
		entryPoints: [TABLE_MODULE],
		bundle: true,
		format: 'esm',
		platform: 'neutral',
		write: false,
		logLevel: 'silent',
	});
	const { RESULT_CLASSES } = await import(`data:text/javascript;base64,${Buffer.from(outputFiles[0].text).toString('base64')}`);
	return RESULT_CLASSES;
}

/** A property key as short as JavaScript allows: `103000`, but `"000000"` (a number would lose its zeros). */
const key = (code) => (/^[1-9]\d*$/.test(code) ? code : JSON.stringify(code));

/**
 * Whether the script-tag bundle needs the row. It runs only in a browser, which classifies
 * getMobile's answers itself, while a validate error reaches it already classified by the server
 * kit: of imeiTokenValidate's codes only those with a hint for the developer are kept; and a code
 * classed as a code in no table is (platform-error, retried once, no hint) reads the same without
 * its row. The ESM files keep every row: the server kit runs from them too.
 */
function inScriptTag(endpoint, { category, retryable, retries, ...rest }) {
	if (category === 'platform-error' && retryable && retries === 1 && Object.keys(rest).length === 0) return false;
	return endpoint === 'getMobile' || rest.hint !== undefined;
}

/**
 * The module's source: the same export as a literal, each distinct class written once and shared
 * by the codes that have it, as a hand-written table would (the bytes a browser downloads).
 */
function moduleSource(table, scriptTag) {
	const classes = new Map();
	const name = ({ retryable, ...rest }) => {
		// `retryable` only where true: the slim table's readers take an absent one as false.
		const text = JSON.stringify(retryable ? { ...rest, retryable } : rest);
		if (!classes.has(text)) classes.set(text, `c${classes.size}`);
		return classes.get(text);
	};
	const endpoints = Object.entries(table).map(
		([endpoint, codes]) =>
			`${endpoint}:{${Object.entries(codes)
				.filter(([, resultClass]) => !scriptTag || inScriptTag(endpoint, resultClass))
				.map(([code, resultClass]) => `${key(code)}:${name(resultClass)}`)
				.join(',')}}`,
	);
	const constants = [...classes].map(([text, id]) => `const ${id}=${text};`).join('\n');
	return `// Generated from src/protocol/result-codes.ts by tools/result-class-table.mjs.\n${constants}\nexport const RESULT_CLASSES={${endpoints.join(',')}};\n`;
}

const sources = new Map();
/** The module's source, computed once per process; `scriptTag` keeps only what the script-tag bundle needs. */
async function resultClassTableSource(scriptTag = false) {
	if (!sources.has(scriptTag))
		sources.set(
			scriptTag,
			loadTable().then((table) => moduleSource(table, scriptTag)),
		);
	return sources.get(scriptTag);
}

/** Vite (Rollup) plugin for the script-tag bundle: the literal table, its rows for a browser only, in place of the module. */
export function resultClassTableVite() {
	return {
		name: 'result-class-table',
		async load(id) {
			return MODULE_PATTERN.test(id.split('?')[0]) ? resultClassTableSource(true) : null;
		},
	};
}

/** esbuild plugin: the literal table, every row (as the ESM files in dist/ have it), in place of the module. */
export function resultClassTableEsbuild() {
	return {
		name: 'result-class-table',
		setup(builder) {
			builder.onLoad({ filter: /result-class-table\.[jt]s$/ }, async (args) =>
				MODULE_PATTERN.test(args.path) ? { contents: await resultClassTableSource(), loader: 'js' } : undefined,
			);
		},
	};
}

/** Overwrites tsc's output of the module in `outDir` with the literal table (its .d.ts stays). */
export async function writeResultClassTable(outDir) {
	writeFileSync(`${outDir}/protocol/result-class-table.js`, await resultClassTableSource());
}
