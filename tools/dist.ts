import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** The built package: `dist/`, or `BENCH_DIST_DIR` (a private build, while others rebuild `dist/`). */
export function distUrl(path: string): URL {
	const dir = process.env.BENCH_DIST_DIR;
	return dir ? new URL(path, pathToFileURL(dir.endsWith('/') ? dir : `${dir}/`)) : new URL(`../dist/${path}`, import.meta.url);
}

/**
 * Imports a module of the built package, so the bench measures what ships. Callers type it from
 * the source: `importDist<typeof import('../../src/server/index.js')>('server/index.js')`.
 */
export async function importDist<T>(path: string): Promise<T> {
	const url = distUrl(path);
	if (!existsSync(url)) throw new Error(`${url.pathname} is missing: run \`npm run build\` first (\`npm run bench\` does).`);
	return (await import(url.href)) as T;
}
