/**
 * The documents an installed user has — every file `npm pack` puts in the tarball that is not
 * `dist/` — point at nothing the package leaves out: no path into the repository's source, tests,
 * benchmarks or CI (an installed user has no `src/`, `test/`, `e2e/`, `bench/`, `soak/`, `scripts/`
 * or `.ci/`), except at most five links to the repository itself, in a "Development" section.
 * Generated machine output (the sizes bench's report) and HTML comments are not read by a person
 * and are not counted.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPORT_END, REPORT_START } from '../../scripts/sync/sizes.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const REPOSITORY = 'https://github.com/cmcc-uaid/cmcc-uaid';
/** A path into a folder the package does not ship: `src/…`, `../test/…`, `.ci/run`. */
const UNSHIPPED_PATH = /(?<![\w./@-])(?:\.{1,2}\/)*(?:src|test|e2e|bench|soak|scripts|\.ci)\/[\w./[\]-]*/g;
const REPOSITORY_LINK = new RegExp(
	`${REPOSITORY.replaceAll('.', '\\.')}/(?:blob|tree)/[\\w.-]+/(?:src|test|e2e|bench|soak|scripts|\\.ci)(?:/[\\w./-]*)?`,
	'g',
);
const DEVELOPMENT_HEADINGS = ['## Development', '## 开发'];
const MAX_REPOSITORY_LINKS = 5;

/** The text a reader sees: without HTML comments and the generated bench report. */
function readable(text: string): string {
	let page = text;
	for (let start = page.indexOf(REPORT_START); start !== -1; start = page.indexOf(REPORT_START))
		page = page.slice(0, start) + page.slice(page.indexOf(REPORT_END, start) + REPORT_END.length);
	return page.replace(/<!--[\s\S]*?-->/g, '');
}

/** The `## Development` section of a page, or ''. */
function developmentSection(text: string): string {
	for (const heading of DEVELOPMENT_HEADINGS) {
		const start = text.indexOf(`\n${heading}\n`);
		if (start === -1) continue;
		const end = text.indexOf('\n## ', start + 1);
		return text.slice(start, end === -1 ? undefined : end);
	}
	return '';
}

let packed: string[];

beforeAll(async () => {
	// --ignore-scripts: listing the files needs no build (prepack would run one).
	const { stdout } = await promisify(execFile)('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
		cwd: repo,
		maxBuffer: 16 * 1024 * 1024,
	});
	packed = (JSON.parse(stdout) as { files: { path: string }[] }[])[0]!.files.map((file) => file.path);
}, 60_000);

/** The packed documents and examples: what an installed user reads. */
const documents = (): string[] => packed.filter((path) => !path.startsWith('dist/') && /\.(md|html|ts|tsx|vue|js|mjs|cjs)$/.test(path));

describe('the documents in the tarball', () => {
	it('name no file of the source tree, tests, benchmarks or CI outside a repository link', () => {
		const found: string[] = [];
		for (const path of documents()) {
			const text = readable(readFileSync(join(repo, path), 'utf8')).replace(REPOSITORY_LINK, '');
			text.split('\n').forEach((line, index) => {
				for (const [match] of line.matchAll(UNSHIPPED_PATH)) found.push(`${path}:${index + 1}: ${match}`);
			});
		}
		expect(found, 'an installed user has none of these: link the repository from a "Development" section instead').toEqual([]);
	});

	it(`link the repository's source, tests or CI at most ${MAX_REPOSITORY_LINKS} times per page, and only from its "Development" section`, () => {
		const misplaced: string[] = [];
		for (const path of documents()) {
			const text = readable(readFileSync(join(repo, path), 'utf8'));
			const links = text.match(REPOSITORY_LINK) ?? [];
			const inDevelopment = developmentSection(text).match(REPOSITORY_LINK) ?? [];
			if (links.length > MAX_REPOSITORY_LINKS) misplaced.push(`${path}: ${links.length} links`);
			if (links.length !== inDevelopment.length) misplaced.push(`${path}: ${links.length - inDevelopment.length} outside "Development"`);
		}
		expect(misplaced).toEqual([]);
		expect(developmentSection(readFileSync(join(repo, 'README.md'), 'utf8'))).toContain(REPOSITORY);
	});

	it('cite no document the package does not ship (PROTOCOL.md, docs/ARCHITECTURE.md)', () => {
		const cited: string[] = [];
		for (const path of documents()) {
			const text = readable(readFileSync(join(repo, path), 'utf8')).replace(
				new RegExp(`${REPOSITORY.replaceAll('.', '\\.')}/\\S*`, 'g'),
				'',
			);
			for (const name of ['PROTOCOL.md', 'ARCHITECTURE.md']) if (text.includes(name)) cited.push(`${path}: ${name}`);
		}
		expect(cited).toEqual([]);
	});

	it('link to sections that exist: every #anchor between the packed pages names a heading of its page (GitHub slugs, Chinese headings included)', () => {
		const slug = (heading: string): string =>
			heading
				.trim()
				.toLowerCase()
				.replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, '')
				.replace(/ /g, '-');
		const anchors = (path: string): Set<string> =>
			new Set(
				[
					...readFileSync(join(repo, path), 'utf8')
						.replace(/```[\s\S]*?```/g, '')
						.matchAll(/^#{1,6} (.*)$/gm),
				].map(([, heading]) => slug(heading!)),
			);
		const broken: string[] = [];
		for (const page of documents().filter((path) => path.endsWith('.md'))) {
			for (const [, link] of readFileSync(join(repo, page), 'utf8').matchAll(/\]\(([^)\s]*#[^)\s]+)\)/g)) {
				const [file, anchor] = link!.split('#') as [string, string];
				if (/^[a-z][a-z0-9+.-]*:/i.test(file)) continue;
				const target = file ? join(dirname(page), decodeURIComponent(file)) : page;
				if (!anchors(target).has(decodeURIComponent(anchor))) broken.push(`${page} → ${link}`);
			}
		}
		expect(broken).toEqual([]);
	});

	it('leave contributor material in the repository: docs/ARCHITECTURE.md and docs/dev/ are not packed', () => {
		expect(packed).not.toContain('docs/ARCHITECTURE.md');
		expect(packed.filter((path) => path.startsWith('docs/dev/'))).toEqual([]);
		expect(packed).toContain('docs/recipes.md');
	});
});

it('npm pack builds the package first (prepack), so a tarball never carries a stale or missing dist/', () => {
	const manifest = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
	expect(manifest.scripts.prepack).toBe('npm run build');
});
