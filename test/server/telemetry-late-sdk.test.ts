/**
 * With `@opentelemetry/api` installed but no SDK registered the kit makes no span and records no
 * metric; an SDK registered later, while the kit is serving, is picked up from its next request on.
 */
import { context, metrics, propagation, trace } from '@opentelemetry/api';
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { afterAll, describe, expect, it } from 'vitest';
import { postJson, signAndGetToken, useKitAndSimulator } from './support.js';

afterAll(() => {
	trace.disable();
	metrics.disable();
	context.disable();
	propagation.disable();
});

describe('an SDK registered after the kit started', () => {
	const env = useKitAndSimulator();

	it('is reported to from the next request on, traces and metrics alike', async () => {
		// Served with the API alone: nothing to see, and nothing breaks.
		const before = await signAndGetToken(env.kit.url, env.simulator);
		expect((await postJson(`${env.kit.url}/uaid/validate`, { token: before.token, traceId: before.signed.traceId })).status).toBe(200);

		const spans = new InMemorySpanExporter();
		const tracerProvider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
		tracerProvider.register();
		const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
		const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
		const meterProvider = new MeterProvider({ readers: [reader] });
		metrics.setGlobalMeterProvider(meterProvider);
		try {
			const after = await signAndGetToken(env.kit.url, env.simulator);
			expect((await postJson(`${env.kit.url}/uaid/validate`, { token: after.token, traceId: after.signed.traceId })).status).toBe(200);
			await tracerProvider.forceFlush();
			expect(spans.getFinishedSpans().map((span) => span.name)).toEqual(['POST /uaid/sign', 'POST', 'POST /uaid/validate']);
			await reader.forceFlush();
			const points = exporter
				.getMetrics()
				.flatMap((batch) =>
					batch.scopeMetrics.flatMap((scope) =>
						scope.metrics.flatMap((metric) => metric.dataPoints.map((point) => [metric.descriptor.name, point.value])),
					),
				);
			// Only what happened after registration is counted.
			expect(points).toEqual(
				expect.arrayContaining([
					['uaid.sign.requests', 1],
					['uaid.validate.outcomes', 1],
				]),
			);
		} finally {
			await tracerProvider.shutdown();
			await meterProvider.shutdown();
		}
	});
});
