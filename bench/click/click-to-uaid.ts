import { chromium, type Browser } from '@playwright/test';
import { findChromium } from '../../e2e/support/find-chromium.js';
import { startChild, type BenchChild } from '../support/child.js';
import { ms, ratio, summarise, table, verdict } from '../support/stats.js';
import { DelayProxy } from './delay-proxy.js';

export interface ClickOptions {
	/** Added latency per hop, each way (a round trip costs twice this). */
	oneWayMs: number;
	/** Measured runs per variant (after one warm-up run each). */
	runs: number;
}

const VARIANTS = [
	{ name: 'warm', label: '<cmcc-uaid>, preconnect honoured', roundTrips: 'getMobile, validate, platform' },
	{ name: 'default', label: '<cmcc-uaid> (prefetch on connect)', roundTrips: '+ TCP handshake (no preconnect)' },
	{ name: 'no-prefetch', label: '<cmcc-uaid prefetch="none">', roundTrips: '+ TCP handshake, sign' },
	{ name: 'naive', label: 'naive client (JSON getMobile)', roundTrips: '+ sign, TCP handshake, preflight' },
] as const;
type Variant = (typeof VARIANTS)[number]['name'];

/** The round trips no client can avoid after the click: getMobile, validate, and the backend's imeiTokenValidate call. */
const FLOOR_ROUND_TRIPS = 3;

interface BenchWindow {
	__bench: { clickAt?: number; doneAt?: number; error?: string; progress: string[] };
}

/** One run in a fresh browser context (cold connections, no preflight cache), as a user landing on the page. */
async function clickOnce(browser: Browser, pageUrl: string, variant: Variant): Promise<number> {
	const context = await browser.newContext();
	try {
		const page = await context.newPage();
		await page.goto(pageUrl, { waitUntil: 'load' });
		// The user reads the page first: whatever the page does on load (preconnect, prefetch) is done.
		await page.waitForLoadState('networkidle');
		const target = variant === 'naive' ? page.locator('#naive') : page.locator('cmcc-uaid').locator('[part="button"]');
		await target.click();
		await page.waitForFunction(() => {
			const bench = (window as unknown as BenchWindow).__bench;
			return bench.doneAt !== undefined || bench.error !== undefined;
		}, undefined, { timeout: 30_000 });
		const bench = await page.evaluate(() => (window as unknown as BenchWindow).__bench);
		if (bench.error !== undefined || bench.clickAt === undefined || bench.doneAt === undefined) throw new Error(`${variant}: the run failed: ${bench.error ?? 'no click recorded'}`);
		if (process.env.BENCH_CLICK_TRACE) process.stderr.write(`  ${variant}: ${Math.round(bench.doneAt - bench.clickAt)} ms — ${bench.progress.join(', ')}\n`);
		return bench.doneAt - bench.clickAt;
	} finally {
		await context.close();
	}
}

/**
 * Part 2: click → `uaid-success` in Chromium with every hop (browser ↔ backend, browser ↔
 * platform, backend ↔ platform) behind a delaying proxy, for the element as shipped, the element
 * without prefetch and a naive client, against the floor of round trips nobody can avoid.
 */
export async function benchClick(options: ClickOptions, print: (line: string) => void): Promise<void> {
	const children: BenchChild[] = [];
	const proxies: DelayProxy[] = [];
	let browser: Browser | undefined;
	try {
		const simulator = await startChild('backend/simulator-server.ts', {});
		children.push(simulator);
		const platform = await DelayProxy.start(simulator.url, options.oneWayMs);
		proxies.push(platform);
		const server = await startChild('click/click-server.ts', { validateUrl: `${platform.url}/NumberAbility/h5/imeiTokenValidate.htm` });
		children.push(server);
		const backend = await DelayProxy.start(server.url, options.oneWayMs);
		proxies.push(backend);
		const executablePath = findChromium();
		browser = await chromium.launch({
			...(executablePath ? { executablePath } : {}),
			args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
		});
		const pageUrl = (variant: Variant) => `${backend.url}/bench.html?variant=${variant}&token=${encodeURIComponent(`${platform.url}/h5/getMobile`)}`;

		const timings = new Map<Variant, number[]>(VARIANTS.map((v) => [v.name, []]));
		for (const { name } of VARIANTS) await clickOnce(browser, pageUrl(name), name);
		// Variants take turns, so a noisy moment on the machine falls on all of them alike.
		for (let run = 0; run < options.runs; run++) {
			for (const { name } of VARIANTS) timings.get(name)?.push(await clickOnce(browser, pageUrl(name), name));
			process.stderr.write(`  … click run ${run + 1}/${options.runs}\n`);
		}

		const floor = FLOOR_ROUND_TRIPS * 2 * options.oneWayMs;
		print(`${options.oneWayMs} ms each way on every hop (round trip ${2 * options.oneWayMs} ms; a new TCP connection costs one more), ${options.runs} runs per variant, each in a fresh browser context`);
		print(`floor: ${FLOOR_ROUND_TRIPS} round trips (getMobile, validate, the backend's imeiTokenValidate) = ${floor} ms`);
		const rows: string[][] = [['click → uaid-success', 'median', 'p95', 'median/floor', 'p95/floor', 'round trips after the click (expected)']];
		const medians = new Map<Variant, number>();
		for (const variant of VARIANTS) {
			const summary = summarise(timings.get(variant.name) ?? []);
			medians.set(variant.name, summary.p50);
			rows.push([variant.label, ms(summary.p50), ms(summary.p95), ratio(summary.p50 / floor), ratio(summary.p95 / floor), variant.roundTrips]);
		}
		print(table(rows));
		const defaultRatio = (medians.get('default') ?? Number.NaN) / floor;
		const warmRatio = (medians.get('warm') ?? Number.NaN) / floor;
		print(verdict(defaultRatio <= 1.1, `default ≤ 1.1× floor: ${ratio(defaultRatio)} (median) in headless Chromium, which ignores <link rel="preconnect">; ${ratio(warmRatio)} where the preconnect is honoured`));
	} finally {
		await browser?.close();
		await Promise.all(proxies.map((proxy) => proxy.close()));
		await Promise.all(children.map((child) => child.close()));
	}
}
