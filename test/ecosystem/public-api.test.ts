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
	/** Where its names are documented: a file, the heading of its exports section, and in a table of entries, the entry's row. */
	docs: { file: string; heading: string; row?: string };
	/** At most this many names, types included (issue 13). */
	budget: number;
}

const SCRIPT_TAG_BUNDLE = './dist/cmcc-uaid.iife.js';

const ELEMENT_EXPORTS = '## What each entry exports';
const ENTRIES: Record<string, Entry> = {
	'.': { source: 'src/index.ts', docs: { file: 'docs/element.md', heading: ELEMENT_EXPORTS, row: '`cmcc-uaid`' }, budget: 20 },
	// Its row says "the same" as the default entry's.
	'./element': {
		source: 'src/element/index.ts',
		docs: { file: 'docs/element.md', heading: ELEMENT_EXPORTS, row: '`cmcc-uaid`' },
		budget: 20,
	},
	'./element/define': {
		source: 'src/element/cmcc-uaid-define.ts',
		docs: { file: 'docs/element.md', heading: ELEMENT_EXPORTS, row: '`cmcc-uaid/element/define`' },
		budget: 1,
	},
	'./client': {
		source: 'src/client/index.ts',
		docs: { file: 'docs/element.md', heading: ELEMENT_EXPORTS, row: '`cmcc-uaid/client`' },
		// 13: UaidOutcome, the type start() resolves when validateUrl is only known as a string (issue 25).
		budget: 13,
	},
	'./react': {
		source: 'src/element/react-jsx.ts',
		docs: { file: 'docs/element.md', heading: ELEMENT_EXPORTS, row: '`cmcc-uaid/react`' },
		budget: 2,
	},
	'./vue': {
		source: 'src/element/vue-components.ts',
		docs: { file: 'docs/element.md', heading: ELEMENT_EXPORTS, row: '`cmcc-uaid/vue`' },
		budget: 1,
	},
	'./server': {
		source: 'src/server/index.ts',
		docs: { file: 'docs/server.md', heading: '## What `cmcc-uaid/server` exports' },
		budget: 35,
	},
	'./simulator': {
		source: 'src/simulator/index.ts',
		docs: { file: 'docs/simulator.md', heading: '### What `cmcc-uaid/simulator` exports' },
		budget: 14,
	},
};

/** The text of an entry's own documentation: its section (up to the next heading of its level or above), or its row there. */
function documentation({ file, heading, row }: Entry['docs']): string {
	const lines = read(file).split('\n');
	const start = lines.indexOf(heading);
	if (start === -1) throw new Error(`${file} has no line "${heading}"`);
	const level = heading.indexOf(' ');
	const end = lines.findIndex((line, i) => i > start && /^#+ /.test(line) && line.indexOf(' ') <= level);
	const section = lines.slice(start + 1, end === -1 ? undefined : end);
	if (row === undefined) return section.join('\n');
	const found = section.find((line) => line.startsWith(`| ${row} |`));
	if (found === undefined) throw new Error(`${file} "${heading}" has no row for ${row}`);
	return found;
}

function exportedNames(): Map<string, string[]> {
	const program = ts.createProgram(
		Object.values(ENTRIES).map((entry) => join(repo, entry.source)),
		{
			module: ts.ModuleKind.NodeNext,
			moduleResolution: ts.ModuleResolutionKind.NodeNext,
			target: ts.ScriptTarget.ES2022,
			strict: true,
			skipLibCheck: true,
			noEmit: true,
			experimentalDecorators: false,
		},
	);
	const checker = program.getTypeChecker();
	const names = new Map<string, string[]>();
	for (const [entry, { source }] of Object.entries(ENTRIES)) {
		const file = program.getSourceFile(join(repo, source));
		const symbol = file && checker.getSymbolAtLocation(file);
		names.set(
			entry,
			symbol
				? checker
						.getExportsOfModule(symbol)
						.map((s) => s.name)
						.sort()
				: [],
		);
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

	it.each(Object.entries(ENTRIES))(
		'%s exports only names its own documentation section names, within its budget',
		(entry, { docs, budget }) => {
			const exported = names.get(entry) ?? [];
			expect(exported.length, `${entry} exports ${exported.join(', ')}`).toBeGreaterThan(0);
			expect(exported.length, `${entry} exports ${exported.length} names: ${exported.join(', ')}`).toBeLessThanOrEqual(budget);
			// A name counts as documented inside a code span (`name`, `name(options)`), not as a word in prose.
			const spans = documentation(docs).match(/`[^`]+`/g) ?? [];
			const undocumented = exported.filter((name) => !spans.some((span) => new RegExp(`\\b${name}\\b`).test(span)));
			expect(undocumented, `${entry}: not named in ${docs.file} "${docs.heading}"${docs.row ? `, row ${docs.row}` : ''}`).toEqual([]);
		},
	);

	it("finds a name only in its entry's own section, so a name documented elsewhere does not count", () => {
		// createUaidHandler is documented all over docs/server.md, but not in the client's row.
		expect(documentation(ENTRIES['./client']!.docs)).not.toContain('createUaidHandler');
		expect(read('docs/server.md')).toContain('`createUaidHandler');
	});
});
