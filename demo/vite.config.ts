import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * The demo's SPA page: `index.html` at the repository root, built into `dist/spa/` and served at
 * `/spa/` by `cmcc-uaid demo`. `cmcc-uaid` resolves to the package's built ESM entry
 * (`dist/index.js`, bare `lit`/`ky` imports), exactly what an app gets from npm.
 */
export default defineConfig({
	root,
	base: '/spa/',
	publicDir: false,
	resolve: { alias: { 'cmcc-uaid': fileURLToPath(new URL('../dist/index.js', import.meta.url)) } },
	build: {
		outDir: 'dist/spa',
		emptyOutDir: true,
		target: 'es2021',
		rollupOptions: { input: fileURLToPath(new URL('../index.html', import.meta.url)) },
	},
});
