/**
 * Finds the two non-Chromium engines where Debian installs them, with no configuration; an
 * environment variable overrides each path. A missing engine skips its tests on a developer's
 * machine but fails them in CI (CI=true), with the package to install, so CI can never pass by
 * silently testing one engine.
 */
import { accessSync, constants, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { test } from '@playwright/test';

function executable(path: string | undefined): string | undefined {
	if (!path) return undefined;
	try {
		accessSync(path, constants.X_OK);
		return path;
	} catch {
		return undefined;
	}
}

function onPath(name: string): string | undefined {
	for (const dir of (process.env.PATH ?? '').split(delimiter)) {
		const found = executable(join(dir, name));
		if (found) return found;
	}
	return undefined;
}

export function findFirefox(): string | undefined {
	return (
		executable(process.env.FIREFOX_PATH) ??
		executable('/usr/bin/firefox-esr') ??
		executable('/usr/bin/firefox') ??
		onPath('firefox-esr') ??
		onPath('firefox')
	);
}

export interface WebKitTools {
	driver: string;
	miniBrowser: string;
	xvfbRun: string;
}

/** WebKitWebDriver, the MiniBrowser it drives (webkit2gtk-driver ships both) and xvfb-run for a display. */
export function findWebKit(): Partial<WebKitTools> {
	let miniBrowser = executable(process.env.WEBKIT_MINIBROWSER_PATH);
	if (!miniBrowser) {
		for (const lib of ['/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib']) {
			let dirs: string[] = [];
			try {
				dirs = readdirSync(lib).filter((d) => /^webkit2?gtk-[\d.]+$/.test(d));
			} catch {
				continue;
			}
			for (const dir of dirs.sort().reverse()) miniBrowser ??= executable(join(lib, dir, 'MiniBrowser'));
		}
	}
	const found: Partial<WebKitTools> = {};
	const driver = executable(process.env.WEBKIT_WEBDRIVER_PATH) ?? onPath('WebKitWebDriver');
	const xvfbRun = onPath('xvfb-run');
	if (driver) found.driver = driver;
	if (miniBrowser) found.miniBrowser = miniBrowser;
	if (xvfbRun) found.xvfbRun = xvfbRun;
	return found;
}

/** Skips the test when `missing` names something (fails it in CI), saying what to install. */
export function requireInstalled(engine: string, missing: string[], install: string): void {
	if (missing.length === 0) return;
	const message = `${engine} tests need ${missing.join(', ')}: apt-get install ${install}`;
	if (process.env.CI) throw new Error(message);
	test.skip(true, message);
}
