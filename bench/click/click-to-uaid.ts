import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumLaunchOptions } from '../../tools/find-chromium.js';
import { startChild, type BenchChild } from '../support/child.js';
import { ms, ratio, summarise, table, verdict } from '../../tools/stats.js';
import { DelayProxy, traceMark } from './delay-proxy.js';
import { firefoxRunner, webkitRunner, type EngineRunner } from './other-engines.js';

export interface ClickOptions {
	/** Added latency per hop, each way (a round trip costs twice this). */
	oneWayMs: number;
	/** Measured runs per variant (after one warm-up run each). */
	runs: number;
	/** Also measure the documented page in Firefox and WebKit (e2e/engines/ drives them the same way). @default true */
	otherEngines?: boolean;
}

/** Click → uaid-success, median ÷ floor, per browser (NaN where the engine is not installed). */
export interface ClickFigures {
	chromium: number;
	chromiumIncognito: number;
	firefox: number;
	webkit: number;
}

/**
 * Each run is a fresh browser profile (a user landing on the page). `incognito` is the same page
 * in an off-the-record context, Playwright's default `browser.newContext()`: Chromium honours no
 * `<link rel="preconnect">` there (a regular profile does: checked against a bare TCP listener).
 */
const VARIANTS = [
	{
		name: 'default',
		page: 'default',
		profile: 'regular',
		label: '<cmcc-uaid> (prefetch on connect)',
		roundTrips: 'getMobile, validate, platform',
	},
	{
		name: 'incognito',
		page: 'default',
		profile: 'incognito',
		label: '<cmcc-uaid>, incognito context',
		roundTrips: '+ TCP handshake (preconnect ignored)',
	},
	{ name: 'no-prefetch', page: 'no-prefetch', profile: 'regular', label: '<cmcc-uaid prefetch="none">', roundTrips: '+ sign' },
	{
		name: 'naive',
		page: 'naive',
		profile: 'regular',
		label: 'naive client (JSON getMobile)',
		roundTrips: '+ sign, TCP handshake, preflight',
	},
] as const;
type Variant = (typeof VARIANTS)[number]['name'];
type PageVariant = (typeof VARIANTS)[number]['page'];

/** The round trips no client can avoid after the click: getMobile, validate, and the backend's imeiTokenValidate call. */
const FLOOR_ROUND_TRIPS = 3;

interface BenchWindow {
	__bench: { clickAt?: number; doneAt?: number; error?: string; progress: string[] };
}

/** A fresh context for one run: a new regular profile (its own user-data dir), or an off-the-record context of `browser`. */
async function freshContext(
	browser: Browser,
	profile: 'regular' | 'incognito',
): Promise<{ context: BrowserContext; dispose: () => Promise<void> }> {
	if (profile === 'incognito') {
		const context = await browser.newContext();
		return { context, dispose: () => context.close() };
	}
	const dir = mkdtempSync(join(tmpdir(), 'cmcc-uaid-click-'));
	const context = await chromium.launchPersistentContext(dir, chromiumLaunchOptions(CHROMIUM_ARGS));
	return {
		context,
		dispose: async () => {
			await context.close();
			rmSync(dir, { recursive: true, force: true });
		},
	};
}

/** One run in a fresh browser context (cold connections, no preflight cache), as a user landing on the page. */
async function clickOnce(context: BrowserContext, pageUrl: string, variant: PageVariant): Promise<number> {
	const page = await context.newPage();
	await page.goto(pageUrl, { waitUntil: 'load' });
	// The user reads the page first: whatever the page does on load (preconnect, prefetch) is done.
	await page.waitForLoadState('networkidle');
	const target = variant === 'naive' ? page.locator('#naive') : page.locator('cmcc-uaid').locator('[part="button"]');
	traceMark(`click (${variant})`);
	await target.click();
	await page.waitForFunction(
		() => {
			const bench = (window as unknown as BenchWindow).__bench;
			return bench.doneAt !== undefined || bench.error !== undefined;
		},
		undefined,
		{ timeout: 30_000 },
	);
	const bench = await page.evaluate(() => (window as unknown as BenchWindow).__bench);
	if (bench.error !== undefined || bench.clickAt === undefined || bench.doneAt === undefined)
		throw new Error(`${variant}: the run failed: ${bench.error ?? 'no click recorded'}`);
	if (process.env.BENCH_CLICK_TRACE)
		process.stderr.write(`  ${variant}: ${Math.round(bench.doneAt - bench.clickAt)} ms — ${bench.progress.join(', ')}\n`);
	return bench.doneAt - bench.clickAt;
}

/**
 * Part 2: click → `uaid-success` in Chromium with every hop (browser ↔ backend, browser ↔
 * platform, backend ↔ platform) behind a delaying proxy, for the element as shipped, the element
 * without prefetch and a naive client, against the floor of round trips nobody can avoid.
 */
export async function benchClick(options: ClickOptions, print: (line: string) => void): Promise<ClickFigures> {
	const children: BenchChild[] = [];
	const proxies: DelayProxy[] = [];
	let browser: Browser | undefined;
	try {
		// Behind the proxy, requests name the proxy's port in Host: 127.0.0.1 is allowed on any port.
		const simulator = await startChild('backend/simulator-server.ts', { allowedHosts: ['127.0.0.1'] });
		children.push(simulator);
		const platform = await DelayProxy.start(simulator.url, options.oneWayMs);
		proxies.push(platform);
		const server = await startChild('click/click-server.ts', { validateUrl: `${platform.url}/NumberAbility/h5/imeiTokenValidate.htm` });
		children.push(server);
		const backend = await DelayProxy.start(server.url, options.oneWayMs);
		proxies.push(backend);
		traceMark(`proxies: page and backend ${backend.url}, platform ${platform.url}`);
		browser = await chromium.launch(chromiumLaunchOptions(CHROMIUM_ARGS));
		const pageUrl = (variant: PageVariant) =>
			`${backend.url}/bench.html?variant=${variant}&token=${encodeURIComponent(`${platform.url}/h5/getMobile`)}`;
		const run = async (variant: (typeof VARIANTS)[number]): Promise<number> => {
			const { context, dispose } = await freshContext(browser as Browser, variant.profile);
			try {
				return await clickOnce(context, pageUrl(variant.page), variant.page);
			} finally {
				await dispose();
			}
		};

		const timings = new Map<Variant, number[]>(VARIANTS.map((v) => [v.name, []]));
		for (const variant of VARIANTS) await run(variant);
		// Variants take turns, so a noisy moment on the machine falls on all of them alike.
		for (let round = 0; round < options.runs; round++) {
			for (const variant of VARIANTS) timings.get(variant.name)?.push(await run(variant));
			process.stderr.write(`  … click run ${round + 1}/${options.runs}\n`);
		}

		const floor = FLOOR_ROUND_TRIPS * 2 * options.oneWayMs;
		print(
			`${options.oneWayMs} ms each way on every hop (round trip ${2 * options.oneWayMs} ms; a new TCP connection costs one more), ${options.runs} runs per variant, each in a fresh browser profile`,
		);
		print(`floor: ${FLOOR_ROUND_TRIPS} round trips (getMobile, validate, the backend's imeiTokenValidate) = ${floor} ms`);
		const rows: string[][] = [
			['click → uaid-success', 'median', 'p95', 'median/floor', 'p95/floor', 'round trips after the click (expected)'],
		];
		const medians = new Map<Variant, number>();
		for (const variant of VARIANTS) {
			const summary = summarise(timings.get(variant.name) ?? []);
			medians.set(variant.name, summary.p50);
			rows.push([
				variant.label,
				ms(summary.p50),
				ms(summary.p95),
				ratio(summary.p50 / floor),
				ratio(summary.p95 / floor),
				variant.roundTrips,
			]);
		}
		print(table(rows));
		const defaultRatio = (medians.get('default') ?? Number.NaN) / floor;
		const incognitoRatio = (medians.get('incognito') ?? Number.NaN) / floor;
		print(
			verdict(
				defaultRatio <= 1.1,
				`default ≤ 1.1× floor: ${ratio(defaultRatio)} (median); ${ratio(incognitoRatio)} in an incognito context, where Chromium ignores <link rel="preconnect">`,
			),
		);
		await browser.close();
		browser = undefined;

		const engines = options.otherEngines === false ? {} : await benchOtherEngines(pageUrl('default'), options, floor, print);
		return {
			chromium: defaultRatio,
			chromiumIncognito: incognitoRatio,
			firefox: engines.firefox ?? Number.NaN,
			webkit: engines.webkit ?? Number.NaN,
		};
	} finally {
		await browser?.close();
		await Promise.all(proxies.map((proxy) => proxy.close()));
		await Promise.all(children.map((child) => child.close()));
	}
}

/** The documented page (`default`) in Firefox and WebKit against the same proxies and floor; one warm-up run each, then turns. */
async function benchOtherEngines(
	pageUrl: string,
	options: ClickOptions,
	floor: number,
	print: (line: string) => void,
): Promise<Partial<Record<EngineRunner['name'], number>>> {
	const runners: EngineRunner[] = [];
	const figures: Partial<Record<EngineRunner['name'], number>> = {};
	try {
		for (const made of [firefoxRunner(), await webkitRunner().catch((error: unknown) => `WebKit did not start: ${String(error)}`)]) {
			if (typeof made === 'string') print(`(${made}: not measured)`);
			else runners.push(made);
		}
		if (runners.length === 0) return figures;
		const timings = new Map<string, number[]>(runners.map((runner) => [runner.name, []]));
		for (const runner of runners) await runner.clickOnce(pageUrl);
		for (let round = 0; round < options.runs; round++) {
			for (const runner of runners) timings.get(runner.name)?.push(await runner.clickOnce(pageUrl));
			process.stderr.write(`  … Firefox/WebKit click run ${round + 1}/${options.runs}\n`);
		}
		print('');
		print(
			`the same page, proxies and floor (${floor} ms) in Firefox (firefox-esr over WebDriver BiDi, a fresh profile per run) and WebKit (MiniBrowser through WebKitWebDriver, a fresh session per run), ${options.runs} runs each:`,
		);
		const rows: string[][] = [['<cmcc-uaid> click → uaid-success', 'median', 'p95', 'median/floor', 'p95/floor']];
		for (const runner of runners) {
			const summary = summarise(timings.get(runner.name) ?? []);
			figures[runner.name] = summary.p50 / floor;
			rows.push([
				runner.name === 'firefox' ? 'Firefox' : 'WebKit',
				ms(summary.p50),
				ms(summary.p95),
				ratio(summary.p50 / floor),
				ratio(summary.p95 / floor),
			]);
		}
		print(table(rows));
		for (const runner of runners)
			print(
				verdict(
					(figures[runner.name] ?? Number.NaN) <= 1.15,
					`${runner.name === 'firefox' ? 'Firefox' : 'WebKit'} ≤ 1.15× floor: ${ratio(figures[runner.name] ?? Number.NaN)} (median)`,
				),
			);
		return figures;
	} finally {
		await Promise.all(runners.map((runner) => runner.close()));
	}
}
