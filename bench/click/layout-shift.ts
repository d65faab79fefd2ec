import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../../tools/find-chromium.js';
import { measureRecipeShift, startRecipeServer } from '../../tools/layout-shift.js';
import { table, verdict } from '../../tools/stats.js';

/** CLS of the script-tag recipe with `defer`, with and without the documented rule (inline element). */
export interface LayoutFigures {
	clsWithRule: number;
	clsWithoutRule: number;
}

/**
 * Part 2b: the documented script-tag recipe loaded with `defer` (tools/layout-shift.ts: the
 * bundle held back 1.5 s so the page paints first), in Chromium with the CPU throttled 4× and a slow
 * network, with the `cmcc-uaid:not(:defined)` rule of docs/element.md and without it.
 */
export async function benchLayoutShift(print: (line: string) => void): Promise<LayoutFigures> {
	const browser = await chromium.launch(chromiumLaunchOptions());
	const rows: string[][] = [['element upgrade, script tag with defer', 'CLS', 'space held before', 'element after']];
	const figures: LayoutFigures = { clsWithRule: Number.NaN, clsWithoutRule: Number.NaN };
	try {
		for (const block of [false, true]) {
			const server = await startRecipeServer({ block, holdMs: 1_500 });
			try {
				for (const rule of [true, false]) {
					const page = await browser.newPage();
					const report = await measureRecipeShift(page, `${server.url}/${rule ? 'with' : 'without'}-rule.html`);
					await page.close();
					if (!block) figures[rule ? 'clsWithRule' : 'clsWithoutRule'] = report.cls;
					rows.push([
						`${block ? 'block' : 'inline'}, ${rule ? 'with the documented rule' : 'without it'}`,
						report.cls.toFixed(4),
						`${report.heightBefore.toFixed(1)} px`,
						`${report.heightAfter.toFixed(1)} px`,
					]);
				}
			} finally {
				await server.close();
			}
		}
	} finally {
		await browser.close();
	}
	print(
		'Chromium, CPU throttled 4× (Emulation.setCPUThrottlingRate), network 150 ms / 1.6 Mbit/s (Network.emulateNetworkConditions), the bundle answered 1.5 s late so the page paints first:',
	);
	print(table(rows));
	print(
		verdict(
			figures.clsWithRule === 0,
			`CLS 0 when the element upgrades: ${figures.clsWithRule.toFixed(4)} with the rule (${figures.clsWithoutRule.toFixed(4)} without)`,
		),
	);
	return figures;
}
