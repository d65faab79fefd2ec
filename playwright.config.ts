import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumLaunchOptions } from './tools/find-chromium.js';

/**
 * End-to-end tests in a real browser. Playwright's own browser download cannot run here, so the
 * system Chromium is used: `CHROMIUM_PATH`, else Debian's `/usr/bin/chromium`, else Playwright's own.
 */
export default defineConfig({
	testDir: 'e2e',
	timeout: 60_000,
	fullyParallel: false,
	workers: 1,
	retries: 0,
	reporter: process.env.CI ? [['list']] : [['list']],
	// The element's pictures (e2e/screenshots.spec.ts) are the README's: one folder, one name per picture.
	snapshotPathTemplate: 'docs/images/{arg}{ext}',
	use: {
		browserName: 'chromium',
		launchOptions: chromiumLaunchOptions(CHROMIUM_ARGS),
		trace: 'retain-on-failure',
	},
});
