/**
 * Every shipped `docs/*.md` has a Chinese counterpart, `docs/zh-CN/*.md`, and the two are held in
 * step: the same headings (count and levels, in order), in each section the same tables with the
 * same number of rows, and the same code blocks with identical code. The READMEs are held to the
 * same headings and tables (their code comments are translated, so not their code). A failure names
 * the file and the section (the English heading) that differ, so a change to the English page can
 * be carried over to its translation section by section.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../', import.meta.url));

/** The English pages the package ships from docs/ (docs/ARCHITECTURE.md and docs/dev/ stay in the repository). */
const SHIPPED = readdirSync(join(repo, 'docs'))
	.filter((name) => name.endsWith('.md') && name !== 'ARCHITECTURE.md')
	.sort();

interface Section {
	/** `## Options`, or `(before the first heading)`. */
	readonly heading: string;
	readonly level: number;
	/** Rows (header and separator included) of each table, in order. */
	readonly tables: number[];
	/** Each fenced block: its info string and code. */
	readonly code: string[];
}

/** The page cut at its headings (outside code blocks), with the tables and code blocks of each part. */
function sections(text: string): Section[] {
	const parts: Section[] = [{ heading: '(before the first heading)', level: 0, tables: [], code: [] }];
	const lines = text.split('\n');
	let tableRows = 0;
	for (let index = 0; index < lines.length; index++) {
		const line = lines[index]!;
		const current = parts.at(-1)!;
		const isRow = /^\s*\|/.test(line);
		if (!isRow && tableRows > 0) {
			current.tables.push(tableRows);
			tableRows = 0;
		}
		const fence = /^(\s*)```(.*)$/.exec(line);
		if (fence) {
			const end = lines.findIndex((candidate, at) => at > index && candidate.startsWith(`${fence[1]}\`\`\``));
			current.code.push(`\`\`\`${fence[2]}\n${lines.slice(index + 1, end).join('\n')}`);
			index = end;
			continue;
		}
		if (isRow) {
			tableRows++;
			continue;
		}
		const heading = /^(#{1,6}) /.exec(line);
		if (heading) parts.push({ heading: line, level: heading[1]!.length, tables: [], code: [] });
	}
	if (tableRows > 0) parts.at(-1)!.tables.push(tableRows);
	return parts;
}

/** What differs between an English page and its translation, one line per difference, by English section. */
function differences(englishPath: string, chinesePath: string, { code }: { code: boolean }): string[] {
	const english = sections(readFileSync(join(repo, englishPath), 'utf8'));
	const chinese = sections(readFileSync(join(repo, chinesePath), 'utf8'));
	const found: string[] = [];
	const levels = (page: Section[]): string => page.map((section) => section.level).join(',');
	if (levels(english) !== levels(chinese)) {
		const at = english.findIndex((section, index) => section.level !== chinese[index]?.level);
		found.push(
			`${chinesePath}: the headings differ from ${englishPath} from heading ${at} on: English "${english[at]?.heading ?? '(none)'}" (level ${english[at]?.level ?? '-'}), Chinese "${chinese[at]?.heading ?? '(none)'}" (level ${chinese[at]?.level ?? '-'}); ${english.length - 1} headings in English, ${chinese.length - 1} in Chinese`,
		);
		return found;
	}
	english.forEach((section, index) => {
		const translated = chinese[index]!;
		const where = `${chinesePath}, section "${section.heading}" (translated as "${translated.heading}")`;
		if (section.tables.join(',') !== translated.tables.join(','))
			found.push(
				`${where}: tables with ${section.tables.join(', ') || 'no'} rows in English, ${translated.tables.join(', ') || 'no'} in Chinese`,
			);
		if (!code) return;
		if (section.code.length !== translated.code.length)
			found.push(`${where}: ${section.code.length} code blocks in English, ${translated.code.length} in Chinese`);
		section.code.forEach((block, at) => {
			const other = translated.code[at];
			if (other === undefined || other === block) return;
			const blockLines = block.split('\n');
			const otherLines = other.split('\n');
			const line = blockLines.findIndex((text, n) => text !== otherLines[n]);
			found.push(
				`${where}: code block ${at + 1} differs at its line ${line}: English ${JSON.stringify(blockLines[line] ?? '(end)')}, Chinese ${JSON.stringify(otherLines[line] ?? '(end)')}`,
			);
		});
	});
	return found;
}

describe('the Chinese docs (docs/zh-CN/)', () => {
	it('translate every shipped docs/*.md, and nothing else', () => {
		expect(SHIPPED.length).toBeGreaterThan(3);
		const missing = SHIPPED.filter((name) => !existsSync(join(repo, 'docs/zh-CN', name)));
		expect(missing, 'docs/*.md without a docs/zh-CN/ counterpart').toEqual([]);
		const orphans = readdirSync(join(repo, 'docs/zh-CN')).filter((name) => name.endsWith('.md') && !SHIPPED.includes(name));
		expect(orphans, 'docs/zh-CN/ pages without an English original').toEqual([]);
	});

	it.each(SHIPPED)('docs/zh-CN/%s has the English page’s headings, tables and code blocks', (name) => {
		expect(differences(`docs/${name}`, `docs/zh-CN/${name}`, { code: true })).toEqual([]);
	});

	it('README.zh-CN.md has README.md’s headings and tables', () => {
		expect(differences('README.md', 'README.zh-CN.md', { code: false })).toEqual([]);
	});

	it('reports a difference by file and English section', () => {
		expect(sections('# A\n\n| a |\n|---|\n| 1 |\n\n## B\n\n```ts\nx;\n```\n')).toEqual([
			{ heading: '(before the first heading)', level: 0, tables: [], code: [] },
			{ heading: '# A', level: 1, tables: [3], code: [] },
			{ heading: '## B', level: 2, tables: [], code: ['```ts\nx;'] },
		]);
	});
});
