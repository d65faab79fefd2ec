import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The React 19 page: `npx vite build --config demo/react/vite.config.ts`. In an app `cmcc-uaid`
 * comes from node_modules; here it is this repository's built ESM entry (run `npm run build` first).
 * JSX needs no plugin: esbuild compiles it with React's automatic runtime.
 */
export default defineConfig({
	root: fileURLToPath(new URL('.', import.meta.url)),
	base: '/react/',
	publicDir: false,
	esbuild: { jsx: 'automatic' },
	resolve: { alias: [{ find: /^cmcc-uaid$/, replacement: fileURLToPath(new URL('../../dist/index.js', import.meta.url)) }] },
	build: { outDir: fileURLToPath(new URL('./dist', import.meta.url)), emptyOutDir: true, target: 'es2022' },
});
