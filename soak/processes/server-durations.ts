/**
 * Inside a soak backend: an OpenTelemetry tracer provider, as a production app registers one, whose
 * only processor notes the duration of each of the kit's server spans (`POST …/sign`,
 * `POST …/validate`: from the request reaching the kit to its answer) and sends them to the parent
 * every 250 ms. The parent puts them in the minute they ended in, beside the load generator's view,
 * so the per-minute p99 is the backends' own and the load generator's and proxy's stalls stay out.
 */
import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

/** One batch: `[endpoint, end (ms since the epoch), duration (ms)]` per span. */
export interface DurationsMessage {
	type: 'durations';
	spans: ['sign' | 'validate', number, number][];
}

const hrMs = ([seconds, nanos]: [number, number]): number => seconds * 1e3 + nanos / 1e6;

export function reportServerDurations(): void {
	let batch: DurationsMessage['spans'] = [];
	const processor: SpanProcessor = {
		onStart: () => undefined,
		onEnd(span: ReadableSpan) {
			const endpoint = /\/sign$/.test(span.name) ? 'sign' : /\/validate$/.test(span.name) ? 'validate' : undefined;
			if (endpoint && span.name.startsWith('POST ')) batch.push([endpoint, hrMs(span.endTime), hrMs(span.duration)]);
		},
		forceFlush: async () => undefined,
		shutdown: async () => undefined,
	};
	new NodeTracerProvider({ spanProcessors: [processor] }).register();
	const timer = setInterval(() => {
		if (batch.length === 0) return;
		process.send?.({ type: 'durations', spans: batch } satisfies DurationsMessage);
		batch = [];
	}, 250);
	timer.unref();
}
