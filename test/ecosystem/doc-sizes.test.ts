/**
 * Every bundle size in the READMEs, docs/element.md and docs/performance.md (and their translations)
 * is this build's, as the sizes bench measures it: each figure is a token that
 * `npx tsx scripts/readme-sync.ts --write` fills in (after `npm run build`), and no size is typed
 * outside one.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { PERFORMANCE_DOCS, READMES, SIZED_PAGES } from '../../scripts/readme-sync.js';
import { measureDocSizes, REPORT_END, REPORT_START, SIZE_TOKEN, sizeText, withSizes, type DocSizes } from '../../scripts/sync/sizes.js';

/** A size as the docs write one: `18.1 KB`, `54.1 KB`, `18,120 B`. */
const TYPED_SIZE = /\b\d+(?:\.\d+)?\s?KB\b|\b\d{1,3}(?:,\d{3})+\s?B\b/g;

/** The page without its tokens, its generated report and (READMEs) its Performance section. */
function untokenized(page: string): string {
	let text = page.replace(SIZE_TOKEN, '');
	const start = text.indexOf(REPORT_START);
	if (start !== -1) text = text.slice(0, start) + text.slice(text.indexOf(REPORT_END) + REPORT_END.length);
	for (const title of ['## Performance', '## 性能']) {
		const at = text.indexOf(`\n${title}\n`);
		if (at !== -1) text = text.slice(0, at) + text.slice(text.indexOf('\n## ', at + 1));
	}
	return text;
}

describe('the bundle sizes in the docs', () => {
	let sizes: DocSizes;

	beforeAll(async () => {
		sizes = await measureDocSizes();
	}, 180_000);

	it.each(SIZED_PAGES)('%s carries this build’s sizes (npm run build && npx tsx scripts/readme-sync.ts --write)', (path) => {
		const page = readFileSync(path, 'utf8');
		expect(page).toBe(withSizes(page, sizes));
	});

	it.each(SIZED_PAGES)('%s types no size outside a token', (path) => {
		expect(untokenized(readFileSync(path, 'utf8')).match(TYPED_SIZE) ?? []).toEqual([]);
	});

	it('states the script-tag file’s gzip size in both READMEs’ install sections from the file on disk', () => {
		for (const path of Object.values(READMES))
			expect(readFileSync(path, 'utf8')).toContain(
				`dist/cmcc-uaid.iife.js\`${path === READMES.en ? ' (' : '（gzip 后 '}<!--size:file.gzip.kb-->${sizeText('file.gzip.kb', sizes)}<!--/size-->`,
			);
		expect(sizeText('file.gzip.kb', sizes)).toBe(`${(sizes.bundles.file.gzip / 1000).toFixed(1)} KB`);
	});

	it('puts the bench’s own report in docs/performance.md (both languages), and rejects a token it cannot measure', () => {
		for (const path of PERFORMANCE_DOCS)
			expect(readFileSync(path, 'utf8')).toContain(`${REPORT_START}\n\`\`\`\n${sizes.report}\n\`\`\`\n${REPORT_END}`);
		expect(() => sizeText('nothing.gzip.kb', sizes)).toThrow(/nothing\.gzip\.kb/);
		expect(() => sizeText('module(src/none.ts).kb', sizes)).toThrow(/src\/none\.ts/);
		expect(() => sizeText('iife.gzip.mb', sizes)).toThrow(/unit/);
	});
});
