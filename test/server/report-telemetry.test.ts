/**
 * `uaid.getmobile.outcomes`: every getMobile outcome a page reports, counted by code, category and
 * carrier, read back through the SDK's in-memory metric exporter.
 */
import { metrics } from '@opentelemetry/api';
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { afterAll, describe, expect, it } from 'vitest';
import { createOncePerWindow } from '../../src/server/logging/once-per-window.js';
import { postJson, useKitAndSimulator } from './support.js';

const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
const metricReader = new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 3_600_000 });
const meterProvider = new MeterProvider({ readers: [metricReader] });
metrics.setGlobalMeterProvider(meterProvider);

afterAll(async () => {
	await meterProvider.shutdown();
	metrics.disable();
});

async function outcomes(): Promise<{ attributes: Record<string, unknown>; value: number }[]> {
	await metricReader.forceFlush();
	const all = metricExporter
		.getMetrics()
		.flatMap((batch) => batch.scopeMetrics.filter((scope) => scope.scope.name === 'cmcc-uaid').flatMap((scope) => scope.metrics));
	metricExporter.reset();
	const counter = all.filter((data) => data.descriptor.name === 'uaid.getmobile.outcomes').at(-1);
	expect(counter?.descriptor.unit).toBe('{call}');
	return (counter?.dataPoints ?? []).map((point) => ({ attributes: point.attributes, value: point.value as number }));
}

describe('uaid.getmobile.outcomes', () => {
	const env = useKitAndSimulator();
	const reportOnce = async (body: Record<string, unknown>): Promise<number> => {
		const { traceId } = (await postJson(`${env.kit.url}/uaid/sign`, {})).json as { traceId: string };
		return (await postJson(`${env.kit.url}/uaid/report`, { traceId, ...body }, { 'content-type': 'text/plain' })).status;
	};

	it('counts every reported outcome, a quiet repeat and a success included, and only reports bound to a sign', async () => {
		expect(await reportOnce({ code: '130018', durationMs: 3 })).toBe(204);
		expect(await reportOnce({ code: '130018', durationMs: 3 })).toBe(204);
		expect(await reportOnce({ code: '103111', carrier: 'china-unicom', durationMs: 3 })).toBe(204);
		expect(await reportOnce({ code: '103000', carrier: 'china-mobile', durationMs: 3 })).toBe(204);
		expect(await reportOnce({ code: '654321', durationMs: 3 })).toBe(204);
		expect(await reportOnce({ code: 'network', durationMs: 3 })).toBe(204);
		expect((await postJson(`${env.kit.url}/uaid/report`, { traceId: 'a'.repeat(32), code: '130018', durationMs: 3 })).status).toBe(404);
		const points = await outcomes();
		const attributes = (code: string, category: string, carrier: string) => ({
			'uaid.getmobile.code': code,
			'uaid.result.category': category,
			'uaid.carrier': carrier,
		});
		expect(points).toEqual(
			expect.arrayContaining([
				{ attributes: attributes('130018', 'app-config', 'unknown'), value: 2 },
				{ attributes: attributes('103111', 'not-cellular', 'china-unicom'), value: 1 },
				{ attributes: attributes('103000', 'ok', 'china-mobile'), value: 1 },
				// A code in no table counts under one name: the page chooses it, and a metric must not grow a series per value.
				{ attributes: attributes('uncatalogued', 'platform-error', 'unknown'), value: 1 },
				{ attributes: attributes('network', 'network', 'unknown'), value: 1 },
			]),
		);
		expect(points.reduce((sum, point) => sum + point.value, 0)).toBe(6);
	});
});

describe('one warning per code per window', () => {
	it('is loud once per window, and says how many repeats went quiet since', () => {
		let time = 0;
		const window = createOncePerWindow(60_000, () => time);
		expect(window.take('130018')).toEqual({ loud: true, repeats: 0 });
		expect(window.take('130018')).toEqual({ loud: false, repeats: 1 });
		expect(window.take('103111')).toEqual({ loud: true, repeats: 0 });
		expect(window.take('130018')).toEqual({ loud: false, repeats: 2 });
		time = 60_000;
		expect(window.take('130018')).toEqual({ loud: true, repeats: 2 });
		expect(window.take('130018')).toEqual({ loud: false, repeats: 1 });
	});
});
