/**
 * Every ```ts block of the shipped docs (both READMEs, docs/*.md, docs/zh-CN/*.md) compiles against
 * the package's public types, as an integrator would paste it: each block is a module of its own,
 * importing `cmcc-uaid`, `cmcc-uaid/server`, … by the names package.json exports (mapped to the
 * source those entries are built from), with the libraries the docs name (express, ioredis, pino,
 * vite, express-session) from node_modules. The names a snippet leaves to the reader (`appId`,
 * `users`, `show`) are declared once, in READER_SUPPLIED. A block that is deliberately a
 * fragment says so in its fence: ```ts ignore.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../', import.meta.url));

/** What the blocks leave to the reader: your appId and keys, your user table, your UI. (Not a .d.ts of the project: the project's own code must not see these.) */
const READER_SUPPLIED = `
declare const appId: string;
declare const appKey: string;
declare const privateKey: string;
declare const token: string;
declare const myPublicKeyBase64: string;
declare const users: { findOrCreateByUaid(uaid: string): Promise<{ id: string; publicId: string; isNew: boolean }> };
declare const sessions: { create(userId: string): Promise<string> };
declare const grants: { insert(grant: { uaid: string; policyVersion?: string; grantedAt: string; grantId: string }): Promise<void> };
declare function csrfFor(sessionId: string): string;
declare const button: HTMLButtonElement;
declare function show(...details: unknown[]): void;
`;

interface Block {
	readonly page: string;
	/** 1-based line of the block's first code line in the page. */
	readonly line: number;
	readonly code: string;
}

/** The shipped pages with code: both READMEs and the docs in both languages (not docs/dev/ or ARCHITECTURE.md, which stay in the repository). */
function pages(): string[] {
	const manifest = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { files: string[] };
	expect(manifest.files).toContain('docs');
	const docs = ['docs', 'docs/zh-CN'].flatMap((folder) =>
		ts.sys
			.readDirectory(join(repo, folder), ['.md'], undefined, undefined, 1)
			.map((path) => relative(repo, path))
			.filter(
				(path) =>
					path.startsWith(`${folder}/`) && path.split('/').length === folder.split('/').length + 1 && !path.endsWith('ARCHITECTURE.md'),
			),
	);
	return ['README.md', 'README.zh-CN.md', ...docs];
}

/** The page's ```ts blocks, without the ones marked ```ts ignore. */
function tsBlocks(page: string): Block[] {
	const lines = readFileSync(join(repo, page), 'utf8').split('\n');
	const blocks: Block[] = [];
	for (let index = 0; index < lines.length; index++) {
		const fence = /^(\s*)```(\S*)(.*)$/.exec(lines[index]!);
		if (!fence) continue;
		const [, indent, language, info] = fence;
		const end = lines.findIndex((line, at) => at > index && line.trimStart().startsWith('```'));
		if (language === 'ts' && !/\bignore\b/.test(info!))
			blocks.push({
				page,
				line: index + 2,
				code: lines
					.slice(index + 1, end)
					.map((line) => line.slice(indent!.length))
					.join('\n'),
			});
		index = end;
	}
	return blocks;
}

/** `cmcc-uaid/server` → src/server/index.ts, from package.json exports (dist/x.js is built from src/x.ts). */
function entryPaths(): Record<string, string[]> {
	const { exports } = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as {
		exports: Record<string, string | { types: string }>;
	};
	const paths: Record<string, string[]> = {};
	for (const [entry, target] of Object.entries(exports)) {
		if (typeof target === 'string') continue;
		paths[`cmcc-uaid${entry.slice(1)}`] = [join(repo, target.types.replace(/^\.\/dist\//, 'src/').replace(/\.d\.ts$/, '.ts'))];
	}
	return paths;
}

describe('the ts code blocks of the shipped docs', () => {
	const blocks = pages().flatMap(tsBlocks);

	it('are found in the READMEs and the docs', () => {
		expect(blocks.length).toBeGreaterThan(10);
		expect(new Set(blocks.map((block) => block.page))).toContain('docs/recipes.md');
	});

	it('compile against the package’s public types (strict), each as a module of its own', () => {
		// Inside the repository, so express, ioredis, vite and the other libraries resolve from node_modules.
		const directory = join(repo, 'node_modules/.cache/doc-code-blocks');
		rmSync(directory, { recursive: true, force: true });
		mkdirSync(directory, { recursive: true });
		writeFileSync(join(directory, 'package.json'), JSON.stringify({ type: 'module' }));
		const files = blocks.map((block, index) => {
			const file = join(directory, `block-${index}.ts`);
			writeFileSync(file, `${block.code}\nexport {};\n`);
			return file;
		});
		const globals = join(directory, 'reader-supplied.d.ts');
		writeFileSync(globals, READER_SUPPLIED);
		const program = ts.createProgram([...files, globals], {
			module: ts.ModuleKind.NodeNext,
			moduleResolution: ts.ModuleResolutionKind.NodeNext,
			target: ts.ScriptTarget.ES2022,
			lib: ['lib.es2023.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
			types: ['node'],
			strict: true,
			skipLibCheck: true,
			noEmit: true,
			paths: entryPaths(),
		});
		const errors = ts.getPreEmitDiagnostics(program).flatMap((diagnostic) => {
			const index = diagnostic.file ? files.indexOf(diagnostic.file.fileName) : -1;
			const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
			if (index === -1)
				return [`${diagnostic.file ? relative(repo, diagnostic.file.fileName) : '(program)'}: TS${diagnostic.code} ${message}`];
			const block = blocks[index]!;
			const { line } = diagnostic.file!.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
			return [`${block.page}:${block.line + line}: TS${diagnostic.code} ${message}`];
		});
		rmSync(directory, { recursive: true, force: true });
		expect(
			errors,
			'fix the block, declare a reader-supplied name in READER_SUPPLIED (test/ecosystem/doc-code-blocks.test.ts), or mark a deliberate fragment ```ts ignore',
		).toEqual([]);
	}, 120_000);
});
