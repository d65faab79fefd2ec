/**
 * No line in src/ is wider than the formatter's 140 columns. Biome wraps code at that width, but
 * not a comment or a string: those are wrapped by hand, and this test finds the ones that were not.
 * It passes once `npm run format` has run (the formatter owns the layout of code).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('../../src/', import.meta.url));
const LINE_WIDTH = 140;

function sourceFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) return sourceFiles(path);
		return /\.(ts|js|mjs)$/.test(entry.name) ? [path] : [];
	});
}

describe('line width', () => {
	it(`has no line in src/ over ${LINE_WIDTH} characters`, () => {
		const wide = sourceFiles(src).flatMap((file) =>
			readFileSync(file, 'utf8')
				.split('\n')
				.flatMap((line, index) => ([...line].length > LINE_WIDTH ? [`${relative(src, file)}:${index + 1} (${[...line].length})`] : [])),
		);
		expect(wide).toEqual([]);
	});
});
