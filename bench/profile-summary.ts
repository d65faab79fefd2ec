/**
 * Reads a V8 `.cpuprofile` (from `BENCH_PROFILE_DIR=dir npm run bench`, or `node --cpu-prof`) and
 * prints where the time went: self time per function, and total (inclusive) time for the
 * functions that matter, so a missed goal can be explained.
 *
 *   npx tsx bench/profile-summary.ts /tmp/prof/CPU.*.cpuprofile [--top 25]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
	children?: number[];
}
interface Profile {
	nodes: ProfileNode[];
	samples: number[];
	timeDeltas: number[];
}

const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '25' } } });
const top = Number(values.top);

for (const file of positionals) {
	const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const parent = new Map<number, number>();
	for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
	const selfTime = new Map<number, number>();
	for (const [i, id] of profile.samples.entries()) selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
	const name = (node: ProfileNode): string => {
		const { functionName, url, lineNumber } = node.callFrame;
		const short = url
			.replace(/^.*\/(node_modules\/)?/, (match) => (match.includes('node_modules') ? 'node_modules/' : ''))
			.replace(/^file:\/\//, '');
		return `${functionName || '(anonymous)'} ${short ? `${short}:${lineNumber + 1}` : ''}`.trim();
	};
	const self = new Map<string, number>();
	const inclusive = new Map<string, number>();
	let total = 0;
	for (const [id, time] of selfTime) {
		total += time;
		const node = byId.get(id) as ProfileNode;
		self.set(name(node), (self.get(name(node)) ?? 0) + time);
		const seen = new Set<string>();
		for (let current: number | undefined = id; current !== undefined; current = parent.get(current)) {
			const key = name(byId.get(current) as ProfileNode);
			if (seen.has(key)) continue;
			seen.add(key);
			inclusive.set(key, (inclusive.get(key) ?? 0) + time);
		}
	}
	const pct = (time: number) => `${((time / total) * 100).toFixed(1).padStart(5)}%`;
	console.log(`${file}: ${(total / 1e6).toFixed(2)} s sampled`);
	console.log('self time:');
	for (const [key, time] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${pct(time)}  ${key}`);
	console.log('total time (inclusive):');
	for (const [key, time] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${pct(time)}  ${key}`);
}
