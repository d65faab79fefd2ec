/**
 * The tool folders are parts too (STYLE.md, rule 20): e2e/, bench/, soak/ and scripts/ share their
 * helpers (free ports, Redis, stats, dist paths, child processes, the browser finder, the build's
 * literal minifier) through tools/, and none imports another. Nor does a tool file import back
 * into a file that imports it: no cycle within a folder either.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const TOOL_FOLDERS = ['e2e', 'bench', 'soak', 'scripts'] as const;
const SHARED = 'tools';

function files(dir: string): string[] {
	return readdirSync(join(repo, dir), { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) return files(path);
		return /\.(ts|mts|mjs|js)$/.test(entry.name) ? [path] : [];
	});
}

/** Relative imports of a file, static and dynamic, as repository paths without the extension. */
function importsOf(file: string): string[] {
	const text = readFileSync(join(repo, file), 'utf8');
	const pattern = /(?:import|export)\s[^'"]*?from\s*'(\.[^']+)'|import\(\s*'(\.[^']+)'\s*\)|import\s+'(\.[^']+)'/g;
	return [...text.matchAll(pattern)].map((match) =>
		relative(repo, resolve(dirname(join(repo, file)), match[1] ?? match[2] ?? match[3]!)).replace(/\.(js|ts|mjs|mts)$/, ''),
	);
}

const folderOf = (path: string): string => path.split('/')[0]!;
const toolFiles = [...TOOL_FOLDERS, SHARED].flatMap(files);
const graph = new Map(toolFiles.map((file) => [file.replace(/\.(js|ts|mjs|mts)$/, ''), importsOf(file)]));

describe('the tool folders', () => {
	it.each(TOOL_FOLDERS)('%s/ imports no other tool folder, only its own files, tools/ and the package', (folder) => {
		const crossing = [...graph]
			.filter(([file]) => folderOf(file) === folder)
			.flatMap(([file, targets]) =>
				targets
					.filter((target) => (TOOL_FOLDERS as readonly string[]).includes(folderOf(target)) && folderOf(target) !== folder)
					.map((target) => `${file} → ${target}`),
			);
		expect(crossing).toEqual([]);
	});

	it('tools/ imports none of the folders it serves, nor the tests', () => {
		const crossing = [...graph]
			.filter(([file]) => folderOf(file) === SHARED)
			.flatMap(([file, targets]) =>
				targets.filter((target) => [...TOOL_FOLDERS, 'test'].includes(folderOf(target))).map((target) => `${file} → ${target}`),
			);
		expect(crossing).toEqual([]);
	});

	it('have no import cycle', () => {
		const cycles: string[] = [];
		for (const start of graph.keys()) {
			const seen = new Set<string>();
			const stack = [...(graph.get(start) ?? [])];
			while (stack.length > 0) {
				const next = stack.pop()!;
				if (next === start) {
					cycles.push(start);
					break;
				}
				if (seen.has(next)) continue;
				seen.add(next);
				stack.push(...(graph.get(next) ?? []));
			}
		}
		expect(cycles).toEqual([]);
	});
});
