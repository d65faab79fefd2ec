// Types of scripts/result-class-table.mjs (plain JS, so that scripts/build.mjs runs it on bare Node).
import type { Plugin as EsbuildPlugin } from 'esbuild';
import type { Plugin as VitePlugin } from 'vite';

export function resultClassTableVite(): VitePlugin;
export function resultClassTableEsbuild(): EsbuildPlugin;
export function writeResultClassTable(outDir: string): Promise<void>;
