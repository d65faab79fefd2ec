/**
 * One imeiTokenValidate call as OpenTelemetry sees it: a client span following the HTTP semantic
 * conventions (`http.request.method`, `server.address`, `server.port`, `url.full`,
 * `http.response.status_code`, `error.type`) plus the `uaid.*` attributes, and its duration in the
 * `uaid.platform.duration` histogram. The token travels in the body, so no attribute can carry it.
 */
import type { Attributes } from '@opentelemetry/api';
import { kitMeters, kitTracer, UAID_ATTRIBUTES } from './instruments.js';
import type { OtelApi } from './otel-api.js';

/** Where the calls go, as the client span names it. */
export interface PlatformTarget {
	readonly address: string;
	readonly port: number;
	/** The URL without user info and fragment, every query value replaced by `REDACTED`. */
	readonly fullUrl: string;
}

/** How one call ended. */
export interface PlatformCallEnd {
	outcome: 'answered' | 'garbled' | 'timeout' | 'not-sent' | 'lost' | 'aborted';
	httpStatus?: number;
	platformCode?: string;
	/** `ok`, or the kit's error code for what this call alone came to (`timeout`, `platform-unreachable`, `token-expired`, …). */
	category: string;
	/** Set when the call failed: the transport's error code (`ECONNRESET`) where there is one, else `category`. */
	errorType?: string;
	/** An earlier call's answer was lost and this one found the token used: the platform may have validated it then. */
	outcomeUnknown?: boolean;
}

export interface PlatformCall {
	/** Ends the span and records the duration; only the first call counts. */
	end(result: PlatformCallEnd): void;
}

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443 };
let lastTarget: { url: string; target: PlatformTarget } | undefined;

/** The client span's view of `url`, kept for the last URL asked about (the kit calls one). */
export function platformTarget(url: string): PlatformTarget {
	if (lastTarget?.url === url) return lastTarget.target;
	const parsed = URL.parse(url);
	// The transport refuses a URL it cannot parse, as a failed call: the span still needs a name for it.
	if (!parsed) return { address: '', port: 0, fullUrl: '' };
	parsed.username = '';
	parsed.password = '';
	parsed.hash = '';
	for (const key of new Set(parsed.searchParams.keys())) parsed.searchParams.set(key, 'REDACTED');
	const target = { address: parsed.hostname, port: Number(parsed.port) || (DEFAULT_PORTS[parsed.protocol] ?? 0), fullUrl: parsed.href };
	lastTarget = { url, target };
	return target;
}

/** Starts the client span of call number `attempt`, a child of the active span; undefined when there is nothing to report to. */
export function startPlatformCall(api: OtelApi, target: PlatformTarget, attempt: number): PlatformCall | undefined {
	const tracer = kitTracer(api);
	const meters = kitMeters(api);
	if (!tracer && !meters) return undefined;
	const started = performance.now();
	const span = tracer?.startSpan('POST', {
		kind: api.SpanKind.CLIENT,
		attributes: {
			'http.request.method': 'POST',
			'server.address': target.address,
			'server.port': target.port,
			'url.full': target.fullUrl,
			[UAID_ATTRIBUTES.attempt]: attempt,
		},
	});
	let ended = false;
	return {
		end(result) {
			if (ended) return;
			ended = true;
			const failed = result.category !== 'ok';
			const measured: Attributes = {
				'server.address': target.address,
				[UAID_ATTRIBUTES.attemptOutcome]: result.outcome,
				[UAID_ATTRIBUTES.category]: result.category,
			};
			if (failed) measured['error.type'] = result.errorType ?? result.category;
			meters?.platformDuration.record((performance.now() - started) / 1000, measured);
			if (!span) return;
			if (span.isRecording()) {
				span.setAttributes({ ...measured, [UAID_ATTRIBUTES.outcomeUnknown]: result.outcomeUnknown === true });
				if (result.httpStatus !== undefined) span.setAttribute('http.response.status_code', result.httpStatus);
				if (result.platformCode !== undefined) span.setAttribute(UAID_ATTRIBUTES.platformCode, result.platformCode);
				if (failed) span.setStatus({ code: api.SpanStatusCode.ERROR, message: result.category });
			}
			span.end();
		},
	};
}
