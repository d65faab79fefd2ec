/**
 * custom-elements.json is what editors (VS Code, WebStorm), Storybook and lit-analyzer read about
 * <cmcc-uaid>. It is generated from the element's JSDoc; these tests fail when the committed copy
 * no longer matches the source, and when it misses part of the element's public surface.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { UaidAvailabilityEvent, UaidErrorEvent, UaidProgressEvent, UaidSuccessEvent, UaidTokenEvent } from '../../src/element/events.js';

const run = promisify(execFile);
const repo = fileURLToPath(new URL('../../', import.meta.url));

interface Manifest {
	modules: {
		path: string;
		declarations?: {
			name: string;
			customElement?: boolean;
			tagName?: string;
			summary?: string;
			attributes?: { name: string; fieldName?: string; type?: { text: string } }[];
			events?: { name: string; type?: { text: string } }[];
			slots?: unknown[];
			cssParts?: { name: string }[];
			cssProperties?: { name: string; default?: string }[];
		}[];
		exports?: { kind: string; name: string; declaration: { module?: string } }[];
	}[];
}

/** The manifest as git has it: on a fresh clone that is what was committed. */
async function committedManifest(): Promise<string> {
	try {
		return (await run('git', ['show', 'HEAD:custom-elements.json'], { cwd: repo, maxBuffer: 16 * 1024 * 1024 })).stdout;
	} catch {
		// Not a git checkout (an unpacked source archive): the file on disk is all there is.
		return readFileSync(join(repo, 'custom-elements.json'), 'utf8');
	}
}

async function freshManifest(): Promise<string> {
	const outdir = mkdtempSync(join(tmpdir(), 'cmcc-uaid-cem-'));
	try {
		// The analyzer joins --outdir to the working directory, so it must be relative.
		await run(
			process.execPath,
			[join(repo, 'node_modules/@custom-elements-manifest/analyzer/cem.js'), 'analyze', '--quiet', '--outdir', relative(repo, outdir)],
			{ cwd: repo },
		);
		return readFileSync(join(outdir, 'custom-elements.json'), 'utf8');
	} finally {
		rmSync(outdir, { recursive: true, force: true });
	}
}

const element = (manifest: Manifest) =>
	manifest.modules.flatMap((module) => module.declarations ?? []).find((declaration) => declaration.customElement)!;

describe('custom-elements.json', () => {
	it('is what the analyzer makes from the current source (run `npm run build` and commit it)', async () => {
		const [committed, fresh] = await Promise.all([committedManifest(), freshManifest()]);
		expect(JSON.parse(committed)).toEqual(JSON.parse(fresh));
	}, 60_000);

	const manifest = JSON.parse(readFileSync(join(repo, 'custom-elements.json'), 'utf8')) as Manifest;
	const declaration = element(manifest);

	it('is the manifest package.json names, and is published', () => {
		const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { customElements: string; files: string[] };
		expect(pkg.customElements).toBe('custom-elements.json');
		expect(pkg.files).toContain('custom-elements.json');
	});

	it('names the tag, the summary, the slot, the parts and the custom properties', () => {
		expect(declaration.tagName).toBe('cmcc-uaid');
		expect(declaration.summary).toMatch(/UAID/);
		// The default slot (the label), `fallback` and `consent`.
		expect(declaration.slots).toHaveLength(3);
		expect(declaration.cssParts!.map((part) => part.name)).toEqual(
			expect.arrayContaining(['base', 'button', 'spinner', 'label', 'status', 'error-detail', 'retry-button']),
		);
		expect(declaration.cssProperties!.find((property) => property.name === '--cmcc-uaid-color')?.default).toBe('#0077bb');
	});

	it('lists exactly the events the element dispatches, each with its class', () => {
		const events = declaration.events!.map((event) => [event.name, event.type?.text]);
		expect(events).toEqual(
			[UaidTokenEvent, UaidSuccessEvent, UaidErrorEvent, UaidProgressEvent, UaidAvailabilityEvent].map((eventClass) => [
				eventClass.type,
				eventClass.name,
			]),
		);
	});

	it('lists every observed attribute with its property and type', async () => {
		const { CmccUaidElement } = await import('../../src/element/cmcc-uaid-element.js');
		const observed = (CmccUaidElement as unknown as { observedAttributes: string[] }).observedAttributes;
		expect(declaration.attributes!.map((attribute) => attribute.name).sort()).toEqual([...observed].sort());
		expect(declaration.attributes!.find((attribute) => attribute.name === 'timeout')).toMatchObject({
			fieldName: 'timeout',
			type: { text: 'number | undefined' },
		});
	});

	it('points every module at the published dist/ files and defines the tag in the define module', () => {
		for (const module of manifest.modules) expect(module.path).toMatch(/^dist\/.+\.js$/);
		const define = manifest.modules.find((module) => module.path === 'dist/element/cmcc-uaid-define.js');
		expect(define?.exports).toContainEqual({
			kind: 'custom-element-definition',
			name: 'cmcc-uaid',
			declaration: { name: 'CmccUaidElement', module: 'dist/element/cmcc-uaid-element.js' },
		});
	});
});
