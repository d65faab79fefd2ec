import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));
/** The one place a platform result code is written down. */
const CATALOGUE = 'protocol/result-codes.ts';

function sourceFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		return statSync(path).isDirectory() ? sourceFiles(path) : /\.(ts|js|mjs)$/.test(name) ? [path] : [];
	});
}

/** The code without its comments (which may name a code to say why), so only literals count. */
const withoutComments = (text: string): string => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');

describe('result-code literals', () => {
	it('appear in src/ only in the catalogue: everything else reads its rows', () => {
		const offenders: string[] = [];
		for (const file of sourceFiles(SRC)) {
			const path = relative(SRC, file).replaceAll('\\', '/');
			if (path === CATALOGUE) continue;
			for (const match of withoutComments(readFileSync(file, 'utf8')).matchAll(/(?<![\w.])\d{6}(?!\w)/g))
				offenders.push(`${path}: ${match[0]}`);
		}
		expect(offenders).toEqual([]);
	});

	it('finds one when there is one (the check can fail)', () => {
		expect(
			[...withoutComments("const code = '105112'; // 999999 in a comment").matchAll(/(?<![\w.])\d{6}(?!\w)/g)].map((m) => m[0]),
		).toEqual(['105112']);
	});
});
