// Builds the package: the ESM modules and their types with tsc (bare `lit`/`ky` imports kept so
// apps deduplicate them), then the self-contained script-tag bundle with Vite.
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';

const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit' });

rmSync('dist', { recursive: true, force: true });
run('npx', ['tsc', '-p', 'tsconfig.build.json']);
if (existsSync('src/iife.ts')) run('npx', ['vite', 'build', '--mode', 'iife', '--logLevel', 'warn']);
