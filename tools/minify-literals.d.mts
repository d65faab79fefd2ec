// Types of scripts/minify-literals.mjs (plain JS, so that scripts/build.mjs runs it on bare Node).
import type { Plugin as EsbuildPlugin } from 'esbuild';
import type MagicString from 'magic-string';
import type ts from 'typescript';
import type { Plugin as VitePlugin } from 'vite';

export function minifyCss(text: string): string;
export function minifyHtml(text: string): string;
export function minifyLiterals(code: string, fileName: string): { code: string; map: ReturnType<MagicString['generateMap']> } | undefined;
export function minifyLiteralsVite(): VitePlugin;
export function minifyLiteralsEsbuild(): EsbuildPlugin;
export function minifyLiteralsTransformer(): ts.TransformerFactory<ts.SourceFile>;
