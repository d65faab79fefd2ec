/**
 * The kit's tracer and metric instruments, by the names docs/server.md lists. They are taken from
 * the global providers and made again when a provider is registered (or replaced) later: the API's
 * meter, unlike its tracer, does not follow a provider registered after it was handed out. While
 * the API answers with its no-op provider (no SDK registered), there is no tracer or instrument
 * at all, so the kit makes no span object and builds no attribute.
 */
import type { Counter, Histogram, MeterProvider, Tracer, TracerProvider } from '@opentelemetry/api';
import { INSTRUMENTATION_SCOPE, type OtelApi } from './otel-api.js';

/** Attribute names beyond OpenTelemetry's semantic conventions (`http.*`, `server.*`, `url.*`, `error.type`). */
export const UAID_ATTRIBUTES = {
	/** `ok`, or the kit's error code (`app-config`, `timeout`, …). */
	category: 'uaid.result.category',
	/** The platform's `resultCode`, when it answered one. */
	platformCode: 'uaid.platform.result_code',
	/** 1 for the first imeiTokenValidate call, 2 for the first retry, … */
	attempt: 'uaid.attempt.number',
	/** What became of one call: `answered`, `garbled`, `timeout`, `not-sent`, `lost`, `aborted`. */
	attemptOutcome: 'uaid.attempt.outcome',
	/** True when an earlier call's answer was lost and the platform may have validated the token then. */
	outcomeUnknown: 'uaid.outcome_unknown',
	/** The traceId masked to its first 7 and last 4 characters, as the log lines have it. */
	traceId: 'uaid.trace_id',
	/**
	 * getMobile's resultCode as a page reported it (`uncatalogued` for a code in no table), or the browser's failure (`network`, `timeout`,
	 * `http-error`, `invalid-response`).
	 */
	getMobileCode: 'uaid.getmobile.code',
	/** The carrier getMobile named (`msisdnOwner`), `unknown` when it named none. */
	carrier: 'uaid.carrier',
} as const;

/** Buckets for the platform's latency, in seconds: OpenTelemetry's advice for HTTP durations. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

export interface KitMeters {
	/** `uaid.sign.requests`: sign requests answered, by category and HTTP status. */
	readonly signRequests: Counter;
	/** `uaid.rate_limit.rejections`: sign requests refused by the per-IP rate limit. */
	readonly rateLimitRejections: Counter;
	/** `uaid.validate.outcomes`: validate requests answered, by category and platform code. */
	readonly validateOutcomes: Counter;
	/** `uaid.platform.duration`: one imeiTokenValidate call, in seconds. */
	readonly platformDuration: Histogram;
	/** `uaid.getmobile.outcomes`: getMobile calls pages reported, by code, category and carrier. */
	readonly getMobileOutcomes: Counter;
}

let tracerCache: { provider: TracerProvider; tracer: Tracer | undefined } | undefined;
let meterCache: { provider: MeterProvider; meters: KitMeters | undefined } | undefined;
let noopTracerProvider: TracerProvider | undefined;

/** The kit's tracer, or undefined while no tracer provider is registered. */
export function kitTracer(api: OtelApi): Tracer | undefined {
	const global = api.trace.getTracerProvider();
	// The global is the API's proxy, whose delegate is the no-op provider until an SDK registers;
	// a fresh proxy shows which object that no-op provider is. A proxy of another copy of the API is taken as it is.
	noopTracerProvider ??= new api.ProxyTracerProvider().getDelegate();
	const provider = global instanceof api.ProxyTracerProvider ? global.getDelegate() : global;
	if (tracerCache?.provider !== provider)
		tracerCache = { provider, tracer: provider === noopTracerProvider ? undefined : provider.getTracer(INSTRUMENTATION_SCOPE) };
	return tracerCache.tracer;
}

/** The kit's instruments, or undefined while no meter provider is registered. */
export function kitMeters(api: OtelApi): KitMeters | undefined {
	const provider = api.metrics.getMeterProvider();
	if (meterCache?.provider === provider) return meterCache.meters;
	const meter = provider.getMeter(INSTRUMENTATION_SCOPE);
	const meters: KitMeters | undefined =
		meter === api.createNoopMeter()
			? undefined
			: {
					signRequests: meter.createCounter('uaid.sign.requests', {
						unit: '{request}',
						description: 'Sign requests the kit answered, by result category.',
					}),
					rateLimitRejections: meter.createCounter('uaid.rate_limit.rejections', {
						unit: '{request}',
						description: 'Sign requests refused by the per-IP rate limit.',
					}),
					validateOutcomes: meter.createCounter('uaid.validate.outcomes', {
						unit: '{request}',
						description: 'Validate requests the kit answered, by result category and platform resultCode.',
					}),
					getMobileOutcomes: meter.createCounter('uaid.getmobile.outcomes', {
						unit: '{call}',
						description: 'getMobile calls as pages reported them (POST {basePath}/report), by code, category and carrier.',
					}),
					platformDuration: meter.createHistogram('uaid.platform.duration', {
						unit: 's',
						description: 'Duration of one imeiTokenValidate call.',
						advice: { explicitBucketBoundaries: DURATION_BUCKETS },
					}),
				};
	meterCache = { provider, meters };
	return meters;
}
