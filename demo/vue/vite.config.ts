import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

/**
 * The Vue 3 page: `npx vite build --config demo/vue/vite.config.ts`. In an app `cmcc-uaid` comes
 * from node_modules; here it is this repository's built ESM entry (run `npm run build` first).
 */
export default defineConfig({
	root: fileURLToPath(new URL('.', import.meta.url)),
	base: '/vue/',
	publicDir: false,
	// Without this Vue tries to resolve <cmcc-uaid> as a Vue component and warns.
	plugins: [vue({ template: { compilerOptions: { isCustomElement: (tag) => tag === 'cmcc-uaid' } } })],
	resolve: { alias: [{ find: /^cmcc-uaid$/, replacement: fileURLToPath(new URL('../../dist/index.js', import.meta.url)) }] },
	build: { outDir: fileURLToPath(new URL('./dist', import.meta.url)), emptyOutDir: true, target: 'es2022' },
});
