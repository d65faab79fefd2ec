import { existsSync } from 'node:fs';

/**
 * Imports a module of the built package (`dist/`), so the bench measures what ships. Callers
 * type it from the source: `importDist<typeof import('../../src/server/index.js')>('server/index.js')`.
 */
export async function importDist<T>(path: string): Promise<T> {
	const url = new URL(`../../dist/${path}`, import.meta.url);
	if (!existsSync(url)) throw new Error(`dist/${path} is missing: run \`npm run build\` first (\`npm run bench\` does).`);
	return (await import(url.href)) as T;
}
