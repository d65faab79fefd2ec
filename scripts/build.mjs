// Builds the package: the ESM modules and their types with tsc (bare `lit`/`ky` imports kept so
// apps deduplicate them), then the self-contained script-tag bundle with Vite, then the demo's SPA.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import ts from 'typescript';
import { minifyLiteralsTransformer } from '../tools/minify-literals.mjs';
import { writeResultClassTable } from '../tools/result-class-table.mjs';

const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit' });

/** `tsc -p tsconfig.build.json`, with the element's `css`/`html` literals minified on the way out. */
function compileEsm() {
	const config = ts.getParsedCommandLineOfConfigFile(
		'tsconfig.build.json',
		{},
		{ ...ts.sys, onUnRecoverableConfigFileDiagnostic: (diagnostic) => fail([diagnostic]) },
	);
	const program = ts.createProgram({ rootNames: config.fileNames, options: config.options, projectReferences: config.projectReferences });
	const result = program.emit(undefined, undefined, undefined, false, { before: [minifyLiteralsTransformer()] });
	const diagnostics = [...ts.getPreEmitDiagnostics(program), ...result.diagnostics];
	if (diagnostics.length > 0 || result.emitSkipped) fail(diagnostics);
}

function fail(diagnostics) {
	const host = { getCanonicalFileName: (name) => name, getCurrentDirectory: ts.sys.getCurrentDirectory, getNewLine: () => ts.sys.newLine };
	process.stderr.write(ts.formatDiagnosticsWithColorAndContext(diagnostics, host));
	process.exit(1);
}

rmSync('dist', { recursive: true, force: true });
compileEsm();
// The browser's slim result-code table as a literal, so an app bundling the element takes no catalogue text.
await writeResultClassTable('dist');
run('npx', ['vite', 'build', '--mode', 'iife', '--logLevel', 'warn']);
// The hash for <script integrity>: the README's CDN tag needs the one of the published file.
run('node', ['scripts/sri.mjs']);
// The demo's SPA page (index.html): an app importing the built ESM entry, as an integrator's would.
run('npx', ['vite', 'build', '--config', 'demo/vite.config.ts', '--logLevel', 'warn']);
// custom-elements.json from the element's JSDoc (custom-elements-manifest.config.mjs); committed, and
// test/ecosystem/custom-elements-manifest.test.ts fails when the committed copy is stale.
run('npx', ['cem', 'analyze', '--quiet']);
