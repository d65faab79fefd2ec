/**
 * `npx tsx bench/sizes/feature-drops.ts`: what the own-code bundles would weigh without a feature,
 * for deciding issue 14's size goals. Each drop stubs the feature's code at load time (the sources
 * are not touched) and builds the way the bench does (tools/sizes/bundle-sizes.ts): the ESM entry
 * with lit and ky external, the headless client with ky external, gzip -9. An edit that no longer
 * matches its source throws, naming the file, so a figure never silently stops dropping anything.
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { build, type Plugin } from 'esbuild';
import { ownCodeBuildOptions } from '../../tools/sizes/bundle-sizes.js';

/** A replacement in one source file: what the feature's code becomes without it. */
interface Edit {
	file: string;
	from: string | RegExp;
	to: string;
}

const DROPS: Record<string, Edit[]> = {
	'developer hints (issue 12)': [
		{
			file: 'src/element/developer-hint.ts',
			from: 'const hint = developerHint(error, endpoints);',
			to: 'const hint = undefined as string | undefined; void endpoints;',
		},
		{ file: 'src/element/developer-hint.ts', from: /function developerHint[\s\S]*$/, to: '' },
	],
	'the English UI': [{ file: 'src/element/strings.ts', from: 'lang && /^en\\b/i.test(lang) ? en : zhCN', to: 'zhCN' }],
	'coverage + fallback (issue 16)': [
		{ file: 'src/element/cmcc-uaid-element.ts', from: "if (client && this.coverageUrl !== '') this.#coverage.ask(client);", to: '' },
		{
			file: 'src/client/uaid-client.ts',
			from: 'return requestCoverage(this.#options.coverageUrl, this.#options, options.signal);',
			to: "void options; return Promise.resolve('unknown');",
		},
	],
	'progress events': [
		{
			file: 'src/client/uaid-client.ts',
			from: "if (this.#run?.id === id && !signal.aborted) notify('onProgress', this.#options.onProgress, { stage, phase, elapsed: elapsedSince(startedAt), attempt, ...extra });",
			to: 'void stage, phase, extra;',
		},
	],
};

function stubs(edits: Edit[]): Plugin {
	return {
		name: 'feature-drops',
		setup(builder) {
			builder.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, (args) => {
				const mine = edits.filter((edit) => args.path.endsWith(edit.file));
				if (mine.length === 0) return undefined;
				let text = readFileSync(args.path, 'utf8');
				for (const edit of mine) {
					const next = text.replace(edit.from, edit.to);
					if (next === text) throw new Error(`feature-drops: ${edit.file} no longer contains ${String(edit.from)}; update the edit`);
					text = next;
				}
				return { contents: text, loader: 'ts' };
			});
		},
	};
}

async function gzipOf(entry: string, external: string[], edits: Edit[]): Promise<number> {
	const result = await build(ownCodeBuildOptions(entry, external, [stubs(edits)]));
	return gzipSync(result.outputFiles[0]!.text, { level: 9 }).length;
}

async function measure(edits: Edit[]): Promise<[number, number]> {
	return [await gzipOf('src/index.ts', ['lit', 'ky'], edits), await gzipOf('src/client/index.ts', ['ky'], edits)];
}

const [ownBase, clientBase] = await measure([]);
console.log(`gzip bytes; as shipped: ESM own code ${ownBase}, headless client own code ${clientBase}`);
const line = (name: string, [own, client]: [number, number]): string =>
	`without ${name}: ESM own code ${own} (${own - ownBase}), headless client own code ${client} (${client - clientBase})`;
for (const [name, edits] of Object.entries(DROPS)) console.log(line(name, await measure(edits)));
console.log(line('all of them', await measure(Object.values(DROPS).flat())));
