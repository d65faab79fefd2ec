/**
 * An OpenTelemetry SDK as a production app registers one: every span sampled and batched, metrics
 * collected periodically, both handed to exporters. The exporters count what they receive and drop
 * it, so the bench measures the kit and the SDK, not a collector's network.
 */
import { metrics } from '@opentelemetry/api';
import {
	AggregationTemporality,
	MeterProvider,
	PeriodicExportingMetricReader,
	type PushMetricExporter,
	type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import { BatchSpanProcessor, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

/** What the exporters received so far. */
export interface ExportedCounts {
	spans: number;
	metricExports: number;
}

const SUCCESS = { code: 0 } as const;

/** Registers the SDK globally (tracer, meter, context manager, propagator) and returns its counts. */
export function registerCountingSdk(): ExportedCounts {
	const counts: ExportedCounts = { spans: 0, metricExports: 0 };
	const spanExporter: SpanExporter = {
		export(spans: ReadableSpan[], done) {
			counts.spans += spans.length;
			done(SUCCESS);
		},
		shutdown: async () => undefined,
	};
	const metricExporter: PushMetricExporter = {
		export(_metrics: ResourceMetrics, done) {
			counts.metricExports++;
			done(SUCCESS);
		},
		selectAggregationTemporality: () => AggregationTemporality.CUMULATIVE,
		forceFlush: async () => undefined,
		shutdown: async () => undefined,
	};
	new NodeTracerProvider({ spanProcessors: [new BatchSpanProcessor(spanExporter)] }).register();
	metrics.setGlobalMeterProvider(
		new MeterProvider({ readers: [new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 1000 })] }),
	);
	return counts;
}
