// Builds the package: the ESM modules and their types with tsc (bare `lit`/`ky` imports kept so
// apps deduplicate them), then the self-contained script-tag bundle with Vite, then the demo's SPA.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';

const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit' });

rmSync('dist', { recursive: true, force: true });
run('npx', ['tsc', '-p', 'tsconfig.build.json']);
run('npx', ['vite', 'build', '--mode', 'iife', '--logLevel', 'warn']);
// The hash for <script integrity>: the README's CDN tag needs the one of the published file.
run('node', ['scripts/sri.mjs']);
// The demo's SPA page (index.html): an app importing the built ESM entry, as an integrator's would.
run('npx', ['vite', 'build', '--config', 'demo/vite.config.ts', '--logLevel', 'warn']);
// custom-elements.json from the element's JSDoc (custom-elements-manifest.config.mjs); committed, and
// test/ecosystem/custom-elements-manifest.test.ts fails when the committed copy is stale.
run('npx', ['cem', 'analyze', '--quiet']);
