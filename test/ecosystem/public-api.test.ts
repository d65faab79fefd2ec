/**
 * The public surface, said once: every name an entry point exports (values and types) is named in
 * that entry's documentation, and no entry grows past its budget. A helper a test needs is imported
 * from its module by the test, never exported from the package for it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string): string => readFileSync(join(repo, path), 'utf8');

interface Entry {
	/** The source module behind the `exports` entry. */
	source: string;
	/** Where its names are documented. */
	docs: readonly string[];
	/** At most this many names, types included (issue 13). */
	budget: number;
}

const SCRIPT_TAG_BUNDLE = './dist/cmcc-uaid.iife.js';

const ENTRIES: Record<string, Entry> = {
	'.': { source: 'src/index.ts', docs: ['README.md', 'docs/element.md'], budget: 20 },
	'./element': { source: 'src/element/index.ts', docs: ['README.md', 'docs/element.md'], budget: 20 },
	'./element/define': { source: 'src/element/cmcc-uaid-define.ts', docs: ['README.md', 'docs/element.md'], budget: 1 },
	'./client': { source: 'src/client/index.ts', docs: ['README.md', 'docs/element.md'], budget: 12 },
	'./react': { source: 'src/element/react-jsx.ts', docs: ['README.md', 'docs/element.md'], budget: 2 },
	'./vue': { source: 'src/element/vue-components.ts', docs: ['README.md', 'docs/element.md'], budget: 1 },
	'./server': { source: 'src/server/index.ts', docs: ['docs/server.md'], budget: 25 },
	'./simulator': { source: 'src/simulator/index.ts', docs: ['docs/simulator.md'], budget: 14 },
};

function exportedNames(): Map<string, string[]> {
	const program = ts.createProgram(
		Object.values(ENTRIES).map((entry) => join(repo, entry.source)),
		{ module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, strict: true, skipLibCheck: true, noEmit: true, experimentalDecorators: false },
	);
	const checker = program.getTypeChecker();
	const names = new Map<string, string[]>();
	for (const [entry, { source }] of Object.entries(ENTRIES)) {
		const file = program.getSourceFile(join(repo, source));
		const symbol = file && checker.getSymbolAtLocation(file);
		names.set(entry, symbol ? checker.getExportsOfModule(symbol).map((s) => s.name).sort() : []);
	}
	return names;
}

describe('the public API', () => {
	const names = exportedNames();

	it('covers every entry of package.json exports', () => {
		const exportsMap = JSON.parse(read('package.json')).exports as Record<string, unknown>;
		// The script-tag bundle is exported as a file to serve or copy (its global is documented in the README), not a module with names.
		const entries = Object.keys(exportsMap).filter((entry) => entry !== './package.json' && exportsMap[entry] !== SCRIPT_TAG_BUNDLE);
		expect(entries.sort()).toEqual(Object.keys(ENTRIES).sort());
	});

	it('exports the script-tag bundle as `cmcc-uaid/iife` and by its file path, and the README names both', () => {
		const exportsMap = JSON.parse(read('package.json')).exports as Record<string, unknown>;
		expect(exportsMap['./iife']).toBe(SCRIPT_TAG_BUNDLE);
		expect(exportsMap[SCRIPT_TAG_BUNDLE]).toBe(SCRIPT_TAG_BUNDLE);
		for (const readme of ['README.md', 'README.zh-CN.md']) expect(read(readme)).toContain("require.resolve('cmcc-uaid/iife')");
	});

	it.each(Object.entries(ENTRIES))('%s exports only names its documentation names, within its budget', (entry, { docs, budget }) => {
		const exported = names.get(entry) ?? [];
		expect(exported.length, `${entry} exports ${exported.join(', ')}`).toBeGreaterThan(0);
		expect(exported.length, `${entry} exports ${exported.length} names: ${exported.join(', ')}`).toBeLessThanOrEqual(budget);
		const text = docs.map(read).join('\n');
		const undocumented = exported.filter((name) => !new RegExp(`\\b${name}\\b`).test(text));
		expect(undocumented, `${entry}: not named in ${docs.join(' or ')}`).toEqual([]);
	});
});
