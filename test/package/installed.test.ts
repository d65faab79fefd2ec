/**
 * The package as an integrator gets it: `npm pack`, install the tarball into a fresh project
 * (dependencies from npm's cache), then use every entry point from there — Node entries in Node,
 * the element bundled by Vite and the script-tag bundle in Chromium, the bin from node_modules/.bin.
 * Nothing here reads the source tree: a file missing from `files`, a broken `exports` entry or a
 * declaration that only compiles with skipLibCheck fails it.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import {
	cpSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	realpathSync,
	rmSync,
	statSync,
	symlinkSync,
	writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Browser } from 'playwright';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumLaunchOptions } from '../../tools/find-chromium.js';

const run = promisify(execFile);
const repo = fileURLToPath(new URL('../../', import.meta.url));
const fixture = fileURLToPath(new URL('./fixture/', import.meta.url));
const manifest = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as {
	name: string;
	version: string;
	dependencies: Record<string, string>;
};

let project: string;
let installed: string;

beforeAll(async () => {
	for (const built of ['dist/index.js', 'dist/cmcc-uaid.iife.js', 'dist/server/index.js']) {
		if (!existsSync(join(repo, built))) throw new Error(`${built} is missing: run \`npm run build\` first.`);
	}
	project = mkdtempSync(join(tmpdir(), 'cmcc-uaid-installed-'));
	// dist/ is built already (checked above): --ignore-scripts keeps `prepack` from building it again.
	const { stdout } = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', project], { cwd: repo });
	const [packed] = JSON.parse(stdout) as { filename: string }[];
	const tarball = join(project, packed!.filename);
	writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'installed-check', private: true, type: 'module' }));
	// --prefer-offline: lit, ky and spark-md5 come from npm's cache when it has them.
	await run('npm', ['install', tarball, '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], {
		cwd: project,
	});
	cpSync(fixture, project, { recursive: true });
	installed = join(project, 'node_modules', manifest.name);
}, 180_000);

afterAll(() => {
	if (project) rmSync(project, { recursive: true, force: true });
});

describe('the installed tarball', () => {
	it('holds the built package and its documents, and nothing from the source tree', () => {
		const installedManifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as { version: string };
		expect(installedManifest.version).toBe(manifest.version);
		for (const file of ['README.md', 'LICENSE', 'CHANGELOG.md', 'dist/index.js', 'dist/index.d.ts', 'dist/cmcc-uaid.iife.js']) {
			expect(existsSync(join(installed, file)), file).toBe(true);
		}
		for (const absent of ['src', 'test', 'e2e', 'scripts', 'tsconfig.json', 'vite.config.ts']) {
			expect(existsSync(join(installed, absent)), absent).toBe(false);
		}
	});

	it('resolves every relative link of both READMEs and of the docs to a file it ships, and names its repository', () => {
		const pages = [
			'README.md',
			'README.zh-CN.md',
			'SECURITY.md',
			...['docs', 'docs/zh-CN'].flatMap((folder) =>
				readdirSync(join(installed, folder))
					.filter((name) => name.endsWith('.md'))
					.map((name) => `${folder}/${name}`),
			),
		];
		expect(pages).toContain('docs/zh-CN/server.md');
		const dead: string[] = [];
		for (const page of pages) {
			const text = readFileSync(join(installed, page), 'utf8');
			for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
				if (/^[a-z][a-z0-9+.-]*:|^#/i.test(target!)) continue;
				const path = decodeURIComponent(target!.split('#')[0]!);
				if (!existsSync(join(installed, dirname(page), path))) dead.push(`${page} → ${target}`);
			}
		}
		expect(dead).toEqual([]);
		const installedManifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as {
			repository?: { url?: string };
			homepage?: string;
			bugs?: { url?: string };
		};
		expect(installedManifest.repository?.url).toMatch(/github\.com/);
		expect(installedManifest.homepage).toMatch(/^https:/);
		expect(installedManifest.bugs?.url).toMatch(/^https:/);
	});

	it('marks as side-effectful exactly the modules that register <cmcc-uaid>, and the script-tag bundle', () => {
		const pkg = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as { sideEffects: string[] };
		const published = pkg.sideEffects.filter((path) => existsSync(join(installed, path)));
		// A module registers the tag when it calls define() at top level or imports a module that does.
		const registering = new Set(['./dist/element/cmcc-uaid-define.js', './dist/cmcc-uaid.iife.js']);
		const candidates = [
			'./dist/index.js',
			...['client', 'element', 'server', 'simulator', 'protocol'].flatMap((folder) =>
				readdirSync(join(installed, 'dist', folder))
					.filter((file) => file.endsWith('.js'))
					.map((file) => `./dist/${folder}/${file}`),
			),
		];
		for (const module of candidates) {
			const code = readFileSync(join(installed, module), 'utf8');
			if (/^\S+\.define\(\)/m.test(code) || /^import '\.\/element\/cmcc-uaid-define\.js';/m.test(code)) registering.add(module);
		}
		expect(published.sort()).toEqual([...registering].sort());
	});

	it('installs exactly the runtime dependencies package.json declares, and neither optional peer (@opentelemetry/api, ip2region)', () => {
		for (const dependency of Object.keys(manifest.dependencies))
			expect(existsSync(join(project, 'node_modules', dependency)), dependency).toBe(true);
		for (const devOnly of ['vite', 'typescript', 'express', 'ioredis', '@opentelemetry/api'])
			expect(existsSync(join(project, 'node_modules', devOnly)), devOnly).toBe(false);
		// An optional peer: only the app that uses ip2regionCoverage() installs it.
		expect(existsSync(join(project, 'node_modules', 'ip2region')), 'ip2region').toBe(false);
	});

	it('imports cmcc-uaid/client, /server and /simulator in Node and runs the backend flow with them', async () => {
		const { stdout } = await run(process.execPath, ['node-entries.mjs'], { cwd: project });
		const result = JSON.parse(stdout) as {
			exports: Record<string, string[]>;
			uaid: string;
			expected: string;
			iife: string;
			iifeByPath: string;
		};
		// The installed entries export exactly the values the source entries do (test/ecosystem/public-api.test.ts checks those against the docs).
		expect(result.exports.client).toEqual(Object.keys(await import('../../src/client/index.js')).sort());
		expect(result.exports.server).toEqual(Object.keys(await import('../../src/server/index.js')).sort());
		expect(result.exports.simulator).toEqual(Object.keys(await import('../../src/simulator/index.js')).sort());
		expect(result.uaid).toMatch(/^[0-9a-f]{64}$/);
		expect(result.uaid).toBe(result.expected);
		expect(fileURLToPath(result.iife)).toBe(realpathSync(join(installed, 'dist/cmcc-uaid.iife.js')));
		expect(result.iifeByPath).toBe(result.iife);
	});

	it('requires cmcc-uaid/server, /simulator and /client from a CommonJS project (require(esm), Node ≥ 20.19) and runs the backend flow', async () => {
		// What `npm init -y` writes: no "type", so index.js is CommonJS.
		const app = join(project, 'cjs-app');
		mkdirSync(app);
		writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'cjs-app', version: '1.0.0', main: 'index.js', license: 'ISC' }));
		cpSync(join(fixture, 'require-entries.cjs'), join(app, 'index.js'));
		const { stdout, stderr } = await run(process.execPath, ['index.js'], { cwd: app });
		const result = JSON.parse(stdout) as {
			moduleType: string;
			exports: Record<string, string[]>;
			uaid: string;
			expected: string;
			iife: string;
			iifeByPath: string;
		};
		expect(result.moduleType).toBe('commonjs');
		expect(result.exports.client).toEqual(Object.keys(await import('../../src/client/index.js')).sort());
		expect(result.exports.server).toEqual(Object.keys(await import('../../src/server/index.js')).sort());
		expect(result.exports.simulator).toEqual(Object.keys(await import('../../src/simulator/index.js')).sort());
		expect(result.uaid).toMatch(/^[0-9a-f]{64}$/);
		expect(result.uaid).toBe(result.expected);
		expect(result.iife).toBe(realpathSync(join(installed, 'dist/cmcc-uaid.iife.js')));
		expect(result.iifeByPath).toBe(result.iife);
		// No warning either: require(esm) is not experimental from Node 20.19 on.
		expect(stderr).toBe('');
	});

	it('typechecks every entry, and the React and Vue typings, for a strict NodeNext consumer without skipLibCheck', async () => {
		// The app's own React and Vue types: linked from this repository rather than installed again.
		mkdirSync(join(project, 'node_modules/@types'), { recursive: true });
		for (const types of ['@types/react', 'vue'])
			symlinkSync(join(repo, 'node_modules', types), join(project, 'node_modules', types), 'dir');
		const tsconfig = join(project, 'tsconfig.json');
		writeFileSync(
			tsconfig,
			readFileSync(tsconfig, 'utf8').replace('__TYPE_ROOTS__', join(repo, 'node_modules/@types').replaceAll('\\', '/')),
		);
		const tsc = join(repo, 'node_modules/typescript/bin/tsc');
		const result = await run(process.execPath, [tsc, '-p', tsconfig], { cwd: project }).catch((error: { stdout: string }) => ({
			stdout: error.stdout,
			failed: true,
		}));
		expect(result.stdout).toBe('');
	}, 240_000);

	it('ip2regionCoverage() names its missing optional peer, and classifies once the app installs it', async () => {
		const without = JSON.parse((await run(process.execPath, ['coverage-peer.mjs'], { cwd: project })).stdout) as {
			error?: { name: string; code: string; message: string };
		};
		expect(without.error).toEqual({
			name: 'UaidServerError',
			code: 'invalid-option',
			message: 'ip2regionCoverage(): needs the package "ip2region", an optional peer dependency of cmcc-uaid: npm install ip2region',
		});
		// What `npm install ip2region` puts there: the package as this repository's lockfile pins it. Copied
		// rather than installed, since an install here would also prune the links the typecheck made.
		cpSync(join(repo, 'node_modules/ip2region'), join(project, 'node_modules/ip2region'), { recursive: true });
		const withPeer = JSON.parse((await run(process.execPath, ['coverage-peer.mjs'], { cwd: project })).stdout) as {
			carriers?: Record<string, string>;
		};
		expect(withPeer.carriers).toEqual({
			'117.136.12.79': 'china-mobile',
			'2409:8954:1a0:abcd::1': 'china-mobile',
			'202.96.134.133': 'china-telecom',
		});
	}, 180_000);

	it('runs the cmcc-uaid bin from node_modules/.bin', async () => {
		const bin = join(project, 'node_modules/.bin/cmcc-uaid');
		const help = await run(bin, ['--help'], { cwd: project });
		expect(help.stdout).toMatch(/simulator[\s\S]*keygen[\s\S]*demo/);
		// The version of the package installed, as `npx cmcc-uaid --version` tells a user filing an issue.
		expect((await run(bin, ['--version'], { cwd: project })).stdout).toBe(
			`${JSON.parse(readFileSync(join(project, 'node_modules/cmcc-uaid/package.json'), 'utf8')).version}\n`,
		);
		const keygen = await run(bin, ['keygen', '--bits', '1024', '--out', project], { cwd: project });
		// stdout is the public key alone; the same line is saved beside the private key.
		expect(keygen.stdout).toMatch(/^MI[A-Za-z0-9+/=]{100,}\n$/);
		expect(readFileSync(join(project, 'uaid-private-key.txt.pub'), 'utf8')).toBe(keygen.stdout);
		expect(keygen.stderr).toContain('RSA 公钥');
		expect(statSync(join(project, 'uaid-private-key.txt')).mode & 0o777).toBe(0o600);
	});

	it('points `cmcc-uaid simulator --help` at the simulator documentation it ships', async () => {
		const { stdout } = await run(join(project, 'node_modules/.bin/cmcc-uaid'), ['simulator', '--help'], { cwd: project });
		const doc = /(\/\S+\/docs\/simulator\.md)/.exec(stdout)?.[1];
		expect(doc, stdout).toBeDefined();
		expect(realpathSync(doc!)).toBe(realpathSync(join(installed, 'docs/simulator.md')));
		for (const field of ['publicKey', 'serverIps', 'origins', 'referers', 'appKey'])
			expect(readFileSync(doc!, 'utf8')).toContain(`"${field}"`);
	});

	it('serves the demo from the installed package with `npx cmcc-uaid demo`, as the README says', async () => {
		// detached: npx runs the bin in a child of its own; the whole group is stopped afterwards.
		const demo = spawn('npx', ['cmcc-uaid', 'demo'], { cwd: project, stdio: ['ignore', 'pipe', 'inherit'], detached: true });
		try {
			const url = await firstUrl(demo);
			const page = await fetch(url);
			expect(page.status).toBe(200);
			expect(await page.text()).toContain('<cmcc-uaid');
			expect((await fetch(new URL('spa/', url))).status).toBe(200);
		} finally {
			stopGroup(demo);
		}
	});
});

describe('the installed element in Chromium', () => {
	let browser: Browser;
	let pageServer: ChildProcess;
	let origin: string;

	beforeAll(async () => {
		// What an app's bundler does with `import 'cmcc-uaid'`: resolve it, and lit/ky/spark-md5, from node_modules.
		await build({
			configFile: false,
			root: project,
			logLevel: 'silent',
			build: {
				outDir: join(project, 'out'),
				emptyOutDir: true,
				target: 'es2021',
				rollupOptions: { input: join(project, 'esm-entry.js'), output: { entryFileNames: '[name].js' } },
			},
		});
		pageServer = spawn(process.execPath, ['page-server.mjs'], { cwd: project, stdio: ['ignore', 'pipe', 'inherit'] });
		origin = await firstUrl(pageServer);
		browser = await chromium.launch(chromiumLaunchOptions());
	}, 120_000);

	afterAll(async () => {
		await browser?.close();
		pageServer?.kill('SIGTERM');
	});

	for (const [name, path] of [
		['bundled from `import "cmcc-uaid"`', '/esm.html'],
		['from the script-tag bundle in the installed dist/', '/iife.html'],
	] as const) {
		it(`${name}: registers <cmcc-uaid>, and a click ends in uaid-success with the subscriber’s UAID`, async () => {
			const page = await browser.newPage();
			const requested: string[] = [];
			page.on('request', (request) => requested.push(new URL(request.url()).pathname));
			const pageErrors: string[] = [];
			page.on('pageerror', (error) => pageErrors.push(error.message));
			page.on('console', (message) => {
				if (message.type() === 'error') pageErrors.push(message.text());
			});
			await page.goto(new URL(path, origin).href);
			await page.locator('cmcc-uaid').locator('[part="button"]').click();
			await page
				.waitForFunction(() => (window as unknown as { installed?: { events: unknown[] } }).installed?.events.length, undefined, {
					timeout: 15_000,
				})
				.catch(() => {
					throw new Error(`no outcome event; page errors: ${pageErrors.join(' | ')}`);
				});
			const state = await page.evaluate(() => (window as unknown as { installed: unknown }).installed);
			const expected = await (await fetch(new URL('/expected-uaid', origin))).text();
			expect(state).toMatchObject({ sameClass: true, events: [{ type: 'uaid-success', uaid: expected, isClass: true }] });
			expect(pageErrors).toEqual([]);
			if (path === '/iife.html') {
				expect(state).toMatchObject({ global: 'object' });
				// Everything inlined: the page, the one bundle, then only the flow's requests.
				expect(requested.filter((p) => !p.startsWith('/uaid/') && !p.startsWith('/h5/'))).toEqual([
					'/iife.html',
					'/node_modules/cmcc-uaid/dist/cmcc-uaid.iife.js',
				]);
			}
			await page.close();
		}, 60_000);
	}
});

/** Stops a child started with `detached: true` and everything it started (npx runs its bin in a child). */
function stopGroup(child: ChildProcess): void {
	try {
		process.kill(-child.pid!, 'SIGTERM');
	} catch {
		// Already gone.
	}
}

/** The first http:// URL a child process prints on stdout. */
function firstUrl(child: ChildProcess): Promise<string> {
	return new Promise((resolve, reject) => {
		let seen = '';
		const timer = setTimeout(() => reject(new Error(`no URL printed; output so far: ${seen}`)), 20_000);
		child.stdout!.on('data', (chunk: Buffer) => {
			seen += chunk.toString();
			const match = /http:\/\/[^\s/]+\//.exec(seen) ?? /http:\/\/\S+/.exec(seen);
			if (match) {
				clearTimeout(timer);
				resolve(match[0].endsWith('/') ? match[0] : `${match[0]}/`);
			}
		});
		child.once('exit', (code) => reject(new Error(`exited with ${code} before printing a URL: ${seen}`)));
	});
}
