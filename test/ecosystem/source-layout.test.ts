/**
 * The source tree reads as the architecture says (docs/ARCHITECTURE.md): no import cycle, the
 * browser parts never reach Node modules, and no file grows past what one reading holds.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('../../src/', import.meta.url));
// Counted after `npm run format`: at 140 columns a one-line table row or call becomes several lines.
const MAX_LINES = 400;

function sourceFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) return sourceFiles(path);
		return entry.name.endsWith('.ts') ? [path] : [];
	});
}

const files = sourceFiles(src);
const text = new Map(files.map((file) => [file, readFileSync(file, 'utf8')]));

/** Relative imports and re-exports of a module, static and dynamic, type-only ones included. */
function importsOf(file: string): string[] {
	const found: string[] = [];
	const pattern = /(?:import|export)\s[^'"]*?from\s*'(\.[^']+)'|import\(\s*'(\.[^']+)'\s*\)|import\s+'(\.[^']+)'/g;
	for (const match of text.get(file)!.matchAll(pattern)) {
		const specifier = match[1] ?? match[2] ?? match[3]!;
		found.push(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
	}
	return found;
}

const graph = new Map(files.map((file) => [file, importsOf(file).filter((target) => text.has(target))]));
const name = (file: string): string => relative(src, file);

function reachable(from: string): Set<string> {
	const seen = new Set<string>();
	const stack = [from];
	while (stack.length > 0) {
		for (const next of graph.get(stack.pop()!) ?? []) {
			if (!seen.has(next)) {
				seen.add(next);
				stack.push(next);
			}
		}
	}
	return seen;
}

describe('the source tree', () => {
	it('has no import cycle', () => {
		const cycles = files.filter((file) => reachable(file).has(file)).map(name);
		expect(cycles, 'modules that import themselves through others').toEqual([]);
	});

	it('keeps Node modules out of everything the browser loads', () => {
		for (const entry of ['index.ts', 'iife.ts', 'client/index.ts', 'element/index.ts']) {
			const loaded = [join(src, entry), ...reachable(join(src, entry))];
			const nodeOnly = loaded.filter((file) => /from 'node:|from "node:/.test(text.get(file)!) || name(file).startsWith('protocol/node/'));
			expect(nodeOnly.map(name), entry).toEqual([]);
		}
	});

	it(`has no file over ${MAX_LINES} lines`, () => {
		const long = files
			// The result-code catalogue is one table, one row per (endpoint, code): data read as a table, not logic to hold in one reading.
			.filter((file) => name(file) !== join('protocol', 'result-codes.ts'))
			.filter((file) => text.get(file)!.split('\n').length > MAX_LINES)
			.map((file) => `${name(file)} (${text.get(file)!.split('\n').length})`);
		expect(long).toEqual([]);
	});
});
