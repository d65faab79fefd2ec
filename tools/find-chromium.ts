import { existsSync } from 'node:fs';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/**
 * The Chromium to drive: `CHROMIUM_PATH` when set, else the first system install found; undefined
 * lets Playwright use a browser it downloaded itself (where downloads are possible).
 */
export function findChromium(): string | undefined {
	const fromEnv = process.env.CHROMIUM_PATH;
	if (fromEnv) {
		if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH=${fromEnv} does not exist.`);
		return fromEnv;
	}
	return CANDIDATES.find((path) => existsSync(path));
}

/**
 * The switches the e2e suite and the click bench start Chromium with: no sandbox or GPU (root,
 * headless), no QUIC, and none of its own background traffic, which a closed network refuses.
 */
export const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run',
	'--disable-quic',
];

/** Launch options for the Chromium {@link findChromium} finds (Playwright's own where none is), with `args`. */
export function chromiumLaunchOptions(args: readonly string[] = ['--no-sandbox', '--disable-gpu']): {
	executablePath?: string;
	args: string[];
} {
	const executablePath = findChromium();
	return { ...(executablePath ? { executablePath } : {}), args: [...args] };
}
