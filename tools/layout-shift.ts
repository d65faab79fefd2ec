/**
 * The documented script-tag recipe with `defer` (docs/element.md, "Before the script runs"), served
 * from loopback with the bundle held back, and its Cumulative Layout Shift in Chromium with the CPU
 * throttled 4× and a slow network. Used by e2e/layout-shift.spec.ts (CLS === 0) and by the bench.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';

const ROOT = new URL('../', import.meta.url);

/** The CSS block of docs/element.md's section on the space before definition: the rule a page copies. */
export function documentedReserveRule(): string {
	const markdown = readFileSync(new URL('docs/element.md', ROOT), 'utf8');
	const section = markdown.split(/^### Before the script runs/m)[1];
	const css = section?.match(/```css\n([\s\S]*?)```/)?.[1];
	if (!css) throw new Error('docs/element.md: no css block under "### Before the script runs"');
	return css.trim();
}

export interface RecipeServer {
	url: string;
	close(): Promise<void>;
}

/**
 * A page as the recipe writes it — the rule in the head, the bundle loaded with `defer`, the element,
 * text below it — with `rule` left out when null. The bundle is answered `holdMs` after it is asked
 * for, so the page is painted before the element is defined, as on a slow connection.
 * `/uaid/*` answers 404: the element (prefetch off) sends nothing before a tap but its coverage
 * question, whose failure changes nothing on screen.
 */
export async function startRecipeServer(options: { block: boolean; holdMs: number }): Promise<RecipeServer> {
	const iife = readFileSync(new URL('dist/cmcc-uaid.iife.js', ROOT));
	const page = (rule: string | null) => `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>recipe</title>
${rule === null ? '' : `<style>\n${rule}\n</style>`}
<script defer src="/cmcc-uaid.iife.js"></script>
</head>
<body>
<h1>登录</h1>
<cmcc-uaid${options.block ? ' block' : ''} prefetch="none" token-url="/h5/getMobile"></cmcc-uaid>
<p id="below">短信验证码登录 — the content below the element, which must not move.</p>
<p>${'正文 '.repeat(200)}</p>
</body>
</html>`;
	const server: Server = createServer((request, response) => {
		const url = new URL(request.url ?? '/', 'http://recipe');
		if (url.pathname === '/cmcc-uaid.iife.js') {
			setTimeout(
				() => response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' }).end(iife),
				options.holdMs,
			);
			return;
		}
		if (url.pathname === '/with-rule.html' || url.pathname === '/without-rule.html') {
			response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
			return response.end(page(url.pathname === '/with-rule.html' ? documentedReserveRule() : null));
		}
		response.writeHead(404, { 'content-type': 'application/json' }).end('{}');
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

export interface ShiftReport {
	/** Sum of layout-shift values without recent input (CLS over the load, one session window at most). */
	cls: number;
	/** The element's height once defined and rendered, and the space it held before, in CSS px. */
	heightBefore: number;
	heightAfter: number;
}

/**
 * Loads `url` with the CPU throttled 4× and a slow network (Chrome DevTools' "Slow 4G": 150 ms
 * latency, 1.6 Mbit/s down, 750 kbit/s up), waits until the element is defined and rendered and two
 * more frames are painted, and sums the layout shifts the page observed.
 */
export async function measureRecipeShift(page: Page, url: string): Promise<ShiftReport> {
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
	await cdp.send('Network.enable');
	await cdp.send('Network.emulateNetworkConditions', {
		offline: false,
		latency: 150,
		downloadThroughput: (1.6 * 1024 * 1024) / 8,
		uploadThroughput: (750 * 1024) / 8,
	});
	await page.addInitScript(() => {
		const w = window as unknown as { __cls: number; __heightBefore: number };
		w.__cls = 0;
		w.__heightBefore = -1;
		new PerformanceObserver((list) => {
			for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[])
				if (!entry.hadRecentInput) w.__cls += entry.value;
		}).observe({ type: 'layout-shift', buffered: true });
		// The space held before definition, measured as the parser reaches the end of the page.
		document.addEventListener('readystatechange', () => {
			const element = document.querySelector('cmcc-uaid');
			if (document.readyState === 'interactive' && element && !customElements.get('cmcc-uaid'))
				w.__heightBefore = element.getBoundingClientRect().height;
		});
	});
	await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
	await page.evaluate(async () => {
		await customElements.whenDefined('cmcc-uaid');
		await (document.querySelector('cmcc-uaid') as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
		for (let i = 0; i < 2; i++) await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
	});
	const report = await page.evaluate(() => {
		const w = window as unknown as { __cls: number; __heightBefore: number };
		return {
			cls: w.__cls,
			heightBefore: w.__heightBefore,
			heightAfter: (document.querySelector('cmcc-uaid') as HTMLElement).getBoundingClientRect().height,
		};
	});
	await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
	await cdp.detach();
	return report;
}
