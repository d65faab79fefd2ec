/**
 * The drop-in page in WebKit (Debian's webkit2gtk-driver: WebKitWebDriver and MiniBrowser, under
 * xvfb-run for a display), driven over classic WebDriver HTTP: happy path and Wi-Fi error path.
 * Many H5 users are on iPhones; this is the engine they run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { test } from '@playwright/test';
import { startDemo, type RunningDemo } from '../../src/demo/demo-server.js';
import { happyPath, wifiErrorPath, type EngineDriver } from './drop-in-scenarios.js';
import { findWebKit, requireInstalled } from '../../tools/find-engines.js';
import { waitForDriver, WebDriverSession, type WebElementReference } from '../../tools/webdriver-client.js';
import { freePort } from '../../tools/children.js';

const tools = findWebKit();

test.describe('WebKit: the drop-in page', () => {
	let driverProcess: ChildProcess | undefined;
	let session: WebDriverSession | undefined;
	let demo: RunningDemo;

	test.beforeAll(async () => {
		const missing = [
			...(tools.driver ? [] : ['WebKitWebDriver']),
			...(tools.miniBrowser ? [] : ['MiniBrowser']),
			...(tools.xvfbRun ? [] : ['xvfb-run']),
		];
		requireInstalled('WebKit', missing, 'webkit2gtk-driver xvfb xauth');
		const port = await freePort();
		// Its own process group, so the driver, Xvfb and MiniBrowser all end with it.
		driverProcess = spawn(tools.xvfbRun!, ['-a', tools.driver!, `--port=${port}`], { detached: true, stdio: 'ignore' });
		const base = `http://127.0.0.1:${port}`;
		await waitForDriver(base, 60_000);
		session = await WebDriverSession.create(base, { 'webkitgtk:browserOptions': { binary: tools.miniBrowser!, args: ['--automation'] } });
	});
	test.afterAll(async () => {
		await session?.close();
		if (driverProcess?.pid !== undefined && driverProcess.exitCode === null) {
			try {
				process.kill(-driverProcess.pid, 'SIGTERM');
			} catch {
				// Already gone.
			}
		}
	});
	test.beforeEach(async () => {
		demo = await startDemo({ port: 0 });
	});
	test.afterEach(async () => {
		await demo?.close();
	});

	const driver = (): EngineDriver => ({
		goto: (url) => session!.navigate(url),
		run: (body) => session!.execute(body),
		// The button is found in the shadow root by script and clicked with a real WebDriver click.
		clickButton: async () =>
			session!.click(
				await session!.execute<WebElementReference>(
					`return document.querySelector('cmcc-uaid').shadowRoot.querySelector('[part="button"]')`,
				),
			),
	});

	test('happy path: the UAID arrives as uaid-success', async () => {
		await happyPath(driver(), demo);
	});

	test('Wi-Fi: the platform answers 103111 and the page gets not-cellular', async () => {
		await wifiErrorPath(driver(), demo);
	});
});
