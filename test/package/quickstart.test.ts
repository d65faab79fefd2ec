/**
 * The README's quickstart, run as it stands: its commands and files are read from README.md (the
 * blocks after `<!-- quickstart:… -->` markers), run in a fresh directory against the packed
 * tarball, and the page is driven in Chromium to a UAID. The one change made to what the README
 * shows: `npm install cmcc-uaid` installs this build's tarball instead of the registry's version.
 * The page is opened as a phone opens it (360 px, mobile layout), so its touch target is checked too.
 * README.zh-CN.md must show the same blocks.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumLaunchOptions } from '../../tools/find-chromium.js';
import { READMES } from '../../scripts/readme-sync.js';

const run = promisify(execFile);
const repo = fileURLToPath(new URL('../../', import.meta.url));

interface Snippet {
	/** `run`, `background simulator`, `file server.js`, … as the marker says. */
	readonly marker: string;
	readonly code: string;
}

/** The quickstart's blocks in README order: each fenced block right after a `<!-- quickstart:… -->` line. */
function quickstartSnippets(readme: string): Snippet[] {
	return [...readme.matchAll(/<!-- quickstart:([^>]+?) -->\n```[a-z]*\n([\s\S]*?)\n```\n/g)].map(([, marker, code]) => ({
		marker: marker!,
		code: code!,
	}));
}

const INSTALL_LINE = 'npm install cmcc-uaid express';

let directory: string;
let tarball: string;
const children: ChildProcess[] = [];
let browser: Browser | undefined;

beforeAll(async () => {
	if (!statSync(join(repo, 'dist/cmcc-uaid.iife.js'), { throwIfNoEntry: false }))
		throw new Error('dist/ is missing: run `npm run build` first.');
	const packs = mkdtempSync(join(tmpdir(), 'cmcc-uaid-pack-'));
	// dist/ is built already (checked above): --ignore-scripts keeps `prepack` from building it again.
	const { stdout } = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', packs], { cwd: repo });
	tarball = join(packs, (JSON.parse(stdout) as { filename: string }[])[0]!.filename);
	directory = mkdtempSync(join(tmpdir(), 'cmcc-uaid-quickstart-'));
}, 120_000);

afterAll(async () => {
	await browser?.close();
	for (const child of children) {
		try {
			process.kill(-child.pid!, 'SIGTERM');
		} catch {
			// Already gone.
		}
	}
	if (directory) rmSync(directory, { recursive: true, force: true });
	if (tarball) rmSync(dirname(tarball), { recursive: true, force: true });
});

interface Background {
	/** Resolves once the process has printed something matching `pattern` (stdout or stderr). */
	printed(pattern: RegExp): Promise<string>;
}

/** Starts a background block as its own process group (stopped after the tests). */
function background(code: string): Background {
	const child = spawn('bash', ['-c', code], { cwd: directory, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
	children.push(child);
	let output = '';
	const waiting = new Set<() => void>();
	const read = (chunk: Buffer): void => {
		output += chunk.toString();
		for (const check of waiting) check();
	};
	child.stdout!.on('data', read);
	child.stderr!.on('data', read);
	return {
		printed: (pattern) =>
			new Promise((resolve, reject) => {
				const timer = setTimeout(() => reject(new Error(`\`${code}\` printed no ${pattern}: ${output}`)), 30_000);
				const check = (): void => {
					if (!pattern.test(output)) return;
					clearTimeout(timer);
					waiting.delete(check);
					resolve(output);
				};
				waiting.add(check);
				child.once('exit', (exitCode) => reject(new Error(`\`${code}\` exited with ${exitCode}: ${output}`)));
				check();
			}),
	};
}

describe('the README quickstart', () => {
	const snippets = quickstartSnippets(readFileSync(READMES.en, 'utf8'));

	it('is the same in both READMEs, in the order run → simulator → server.js → page → server', () => {
		expect(snippets.map((snippet) => snippet.marker)).toEqual([
			'run',
			'background simulator',
			'file server.js',
			'file public/index.html',
			'background server',
		]);
		expect(quickstartSnippets(readFileSync(READMES['zh-CN'], 'utf8'))).toEqual(snippets);
		const server = snippets.find((snippet) => snippet.marker === 'file server.js')!.code;
		// The default logger (no logger option), onUaid, and validateUrl at the simulator.
		expect(server).not.toMatch(/\blogger\b/);
		expect(server).toContain('onUaid');
		expect(server).toContain("validateUrl: 'http://127.0.0.1:8790/");
	});

	it('goes from an empty directory to a UAID in Chromium, running every command and file as the README shows it', async () => {
		let server = '';
		for (const { marker, code } of snippets) {
			if (marker === 'run') {
				expect(code).toContain(INSTALL_LINE);
				const script = `set -euo pipefail\n${code.replace(INSTALL_LINE, `npm install ${tarball} express --prefer-offline --no-audit --no-fund --loglevel=error`)}`;
				await run('bash', ['-c', script], { cwd: directory, maxBuffer: 16 * 1024 * 1024 });
			} else if (marker.startsWith('file ')) {
				const path = join(directory, marker.slice('file '.length));
				mkdirSync(dirname(path), { recursive: true });
				writeFileSync(path, `${code}\n`);
			} else if (marker === 'background simulator') {
				await background(code).printed(/listening on http:\/\/127\.0\.0\.1:8790/);
			} else if (marker === 'background server') {
				server = code;
			}
		}
		// What the run block left: the key pair and a config with the public key in it.
		const publicKey = readFileSync(join(directory, 'secrets/uaid-private-key.txt.pub'), 'utf8').trim();
		expect(JSON.parse(readFileSync(join(directory, 'sim.json'), 'utf8'))).toMatchObject({
			apps: [{ publicKey, serverIps: ['127.0.0.1'] }],
		});

		const backend = background(server);
		await backend.printed(/open http:\/\/localhost:3000/);
		browser = await chromium.launch(chromiumLaunchOptions());
		// A phone: 360 CSS px wide, laid out as a mobile browser does (980 px unless the page has a viewport meta tag).
		const page = await browser.newPage({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
		const pageErrors: string[] = [];
		page.on('pageerror', (error) => pageErrors.push(error.message));
		await page.goto('http://localhost:3000/');
		const button = page.locator('cmcc-uaid').locator('[part="button"]');
		await button.waitFor();
		const layout = await page.evaluate(() => ({ width: window.innerWidth, scrollWidth: document.documentElement.scrollWidth }));
		expect(layout.width, 'layout viewport width (needs <meta name="viewport">)').toBe(360);
		expect(layout.scrollWidth, 'no horizontal scroll').toBeLessThanOrEqual(360);
		const box = (await button.boundingBox())!;
		expect(box.height, 'touch target height').toBeGreaterThanOrEqual(44);
		expect(box.width, 'touch target width').toBeGreaterThanOrEqual(44);
		expect(box.x + box.width).toBeLessThanOrEqual(360);
		await button.tap();
		const output = page.locator('output');
		await output
			.filter({ hasText: /^UAID / })
			.waitFor({ timeout: 20_000 })
			.catch(async () => {
				throw new Error(
					`no UAID on the page; status: ${await page.locator('cmcc-uaid').locator('[part="status"]').textContent()}; errors: ${pageErrors.join(' | ')}`,
				);
			});
		const [, uaid, data] = /^UAID ([0-9a-f]{64}) (.*)$/.exec((await output.textContent())!) ?? [];
		expect(uaid).toMatch(/^[0-9a-f]{64}$/);
		expect(JSON.parse(data!)).toEqual({ signedIn: true });
		expect(pageErrors).toEqual([]);
		// onUaid ran on the server, with the same UAID.
		await backend.printed(new RegExp(`signed in: ${uaid!.slice(0, 8)}…`));
	}, 300_000);
});
