/**
 * One sign or validate request as OpenTelemetry sees it: a server span named `POST {route}`, the
 * active span while the kit works (so each imeiTokenValidate call and the integrator's `onUaid`
 * spans are its children), and the kit's counters. Attributes come from what the log event says,
 * with the traceId masked as in the log lines; no token, key or UAID is ever one of them.
 */
import type { Context, Span, TextMapGetter } from '@opentelemetry/api';
import { maskToken } from '../../protocol/mask-token.js';
import type { BackendErrorCode } from '../../protocol/index.js';
import { kitMeters, kitTracer, UAID_ATTRIBUTES } from './instruments.js';
import type { OtelApi } from './otel-api.js';

/** What the span and the counters read of an answered request, besides its status: the log event's fields. */
interface AnsweredRequest {
	code?: BackendErrorCode;
	platformCode?: string;
	traceId?: string;
}

export interface RequestTelemetry {
	/** Runs `work` with the request's span active. */
	run<T>(work: () => Promise<T>): Promise<T>;
	/** Ends the span and counts the request. */
	end(status: number, answered: AnsweredRequest): void;
}

type HeaderReader = (name: string) => string | null;

const HEADERS: TextMapGetter<HeaderReader> = {
	get: (header, name) => header(name.toLowerCase()) ?? undefined,
	// Only propagators that enumerate every header (none of the standard ones) need the names.
	keys: () => [],
};

/**
 * Starts the server span of a POST to `route`; `endpoint` says which of the kit's two it is.
 * Undefined when neither a tracer nor a meter provider is registered: nothing to report to.
 */
export function startRequestTelemetry(
	api: OtelApi,
	endpoint: 'sign' | 'validate',
	route: string,
	header: HeaderReader,
): RequestTelemetry | undefined {
	const tracer = kitTracer(api);
	const meters = kitMeters(api);
	if (!tracer && !meters) return undefined;
	let span: Span | undefined;
	let spanContext: Context | undefined;
	if (tracer) {
		const active = api.context.active();
		// Under an HTTP server instrumentation the request's own span is active: the kit's span is its
		// child. Otherwise the caller's trace context comes from the request headers (traceparent).
		const parent = api.trace.getSpan(active) ? active : api.propagation.extract(active, header, HEADERS);
		span = tracer.startSpan(
			`POST ${route}`,
			{ kind: api.SpanKind.SERVER, attributes: { 'http.request.method': 'POST', 'http.route': route, 'url.path': route } },
			parent,
		);
		spanContext = api.trace.setSpan(parent, span);
	}
	return {
		run: (work) => (spanContext ? api.context.with(spanContext, work) : work()),
		end(status, { code, platformCode, traceId }) {
			const category = code ?? 'ok';
			if (meters && endpoint === 'sign') {
				meters.signRequests.add(1, { [UAID_ATTRIBUTES.category]: category, 'http.response.status_code': status });
				if (code === 'rate-limited') meters.rateLimitRejections.add(1);
			} else if (meters) {
				meters.validateOutcomes.add(
					1,
					platformCode === undefined
						? { [UAID_ATTRIBUTES.category]: category }
						: { [UAID_ATTRIBUTES.category]: category, [UAID_ATTRIBUTES.platformCode]: platformCode },
				);
			}
			if (!span) return;
			if (span.isRecording()) {
				span.setAttribute('http.response.status_code', status);
				span.setAttribute(UAID_ATTRIBUTES.category, category);
				if (platformCode !== undefined) span.setAttribute(UAID_ATTRIBUTES.platformCode, platformCode);
				if (traceId !== undefined) span.setAttribute(UAID_ATTRIBUTES.traceId, maskToken(traceId));
				if (endpoint === 'validate') span.setAttribute(UAID_ATTRIBUTES.outcomeUnknown, code === 'validate-outcome-unknown');
				// As the HTTP conventions have it for a server: a 4xx is the client's mistake, not the server's error.
				if (status >= 500) {
					span.setAttribute('error.type', category);
					span.setStatus({ code: api.SpanStatusCode.ERROR, message: category });
				}
			}
			span.end();
		},
	};
}
