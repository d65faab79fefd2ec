/**
 * OpenTelemetry: with an SDK registered, the kit's spans and metrics over real HTTP against the
 * simulator, read back through the SDK's in-memory span and metric exporters.
 */
import { context, metrics, propagation, SpanKind, SpanStatusCode, trace, type Attributes } from '@opentelemetry/api';
import {
	AggregationTemporality,
	InMemoryMetricExporter,
	MeterProvider,
	PeriodicExportingMetricReader,
	type HistogramMetricData,
	type MetricData,
} from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { RESULT_CODES } from '../../src/protocol/index.js';
import { maskToken } from '../../src/protocol/mask-token.js';
import { BACKEND_ERROR_TABLE } from '../../src/server/errors/error-codes.js';
import { APP_KEY, KEYS, postJson, signAndGetToken, startAnswerLosingProxy, startKit, useKitAndSimulator } from './support.js';

const spanExporter = new InMemorySpanExporter();
const tracerProvider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spanExporter)] });
// Also the AsyncLocalStorage context manager and the W3C traceparent propagator, as NodeSDK does.
tracerProvider.register();
const metricExporter = new InMemoryMetricExporter(AggregationTemporality.DELTA);
// Read on demand (forceFlush) only: the interval is longer than any run.
const metricReader = new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 3_600_000 });
const meterProvider = new MeterProvider({ readers: [metricReader] });
metrics.setGlobalMeterProvider(meterProvider);

afterAll(async () => {
	await tracerProvider.shutdown();
	await meterProvider.shutdown();
	trace.disable();
	metrics.disable();
	context.disable();
	propagation.disable();
});

interface Point {
	name: string;
	unit: string;
	attributes: Attributes;
	/** A counter's sum, or a histogram's count. */
	value: number;
}

/** The spans ended since the last call. */
async function endedSpans(): Promise<ReadableSpan[]> {
	await tracerProvider.forceFlush();
	const spans = spanExporter.getFinishedSpans();
	spanExporter.reset();
	return spans;
}

/** The metric points recorded since the last call (delta temporality). */
async function recordedPoints(): Promise<Point[]> {
	await metricReader.forceFlush();
	const metricData: MetricData[] = metricExporter
		.getMetrics()
		.flatMap((batch) => batch.scopeMetrics.filter((scope) => scope.scope.name === 'cmcc-uaid').flatMap((scope) => scope.metrics));
	metricExporter.reset();
	return metricData.flatMap((data) =>
		data.dataPoints.map((point) => ({
			name: data.descriptor.name,
			unit: data.descriptor.unit,
			attributes: point.attributes,
			value: typeof point.value === 'number' ? point.value : (point as HistogramMetricData['dataPoints'][number]).value.count,
		})),
	);
}

const named = (spans: ReadableSpan[], name: string): ReadableSpan[] => spans.filter((span) => span.name === name);
const childrenOf = (spans: ReadableSpan[], parent: ReadableSpan): ReadableSpan[] =>
	spans.filter((span) => span.parentSpanContext?.spanId === parent.spanContext().spanId);

/** What no span or metric may ever hold. */
function expectNoSecret(spans: ReadableSpan[], points: Point[], secrets: string[]): void {
	const seen = JSON.stringify([spans.map((span) => [span.name, span.attributes, span.events, span.status]), points]);
	for (const secret of [APP_KEY, KEYS.privateKey, ...secrets]) expect(seen).not.toContain(secret);
}

describe('OpenTelemetry, with an SDK registered', () => {
	const env = useKitAndSimulator();

	beforeEach(async () => {
		await endedSpans();
		await recordedPoints();
	});

	it('a success: a server span per request, a client span per platform call under validate, and the counters', async () => {
		const { signed, token } = await signAndGetToken(env.kit.url, env.simulator);
		const parent = '0af7651916cd43dd8448eb211c80319c';
		const answer = await postJson(
			`${env.kit.url}/uaid/validate`,
			{ token, traceId: signed.traceId },
			{ traceparent: `00-${parent}-b7ad6b7169203331-01` },
		);
		expect(answer.status).toBe(200);
		const spans = await endedSpans();
		const points = await recordedPoints();

		const [sign] = named(spans, 'POST /uaid/sign');
		expect(sign?.kind).toBe(SpanKind.SERVER);
		expect(sign?.attributes).toEqual({
			'http.request.method': 'POST',
			'http.route': '/uaid/sign',
			'url.path': '/uaid/sign',
			'http.response.status_code': 200,
			'uaid.result.category': 'ok',
			'uaid.trace_id': maskToken(signed.traceId),
		});

		const [validate] = named(spans, 'POST /uaid/validate');
		expect(validate?.kind).toBe(SpanKind.SERVER);
		// The caller's traceparent makes the kit's span part of the caller's trace.
		expect(validate?.spanContext().traceId).toBe(parent);
		expect(validate?.parentSpanContext?.spanId).toBe('b7ad6b7169203331');
		expect(validate?.status.code).toBe(SpanStatusCode.UNSET);
		expect(validate?.attributes).toEqual({
			'http.request.method': 'POST',
			'http.route': '/uaid/validate',
			'url.path': '/uaid/validate',
			'http.response.status_code': 200,
			'uaid.result.category': 'ok',
			'uaid.platform.result_code': '000000',
			'uaid.trace_id': maskToken(signed.traceId),
			'uaid.outcome_unknown': false,
		});

		const calls = childrenOf(spans, validate!);
		expect(calls).toHaveLength(1);
		const validateUrl = new URL(env.simulator.validateUrl);
		expect(calls[0]?.name).toBe('POST');
		expect(calls[0]?.kind).toBe(SpanKind.CLIENT);
		expect(calls[0]?.attributes).toEqual({
			'http.request.method': 'POST',
			'server.address': '127.0.0.1',
			'server.port': Number(validateUrl.port),
			'url.full': env.simulator.validateUrl,
			'http.response.status_code': 200,
			'uaid.attempt.number': 1,
			'uaid.attempt.outcome': 'answered',
			'uaid.result.category': 'ok',
			'uaid.platform.result_code': '000000',
			'uaid.outcome_unknown': false,
		});

		expect(points).toEqual(
			expect.arrayContaining([
				{
					name: 'uaid.sign.requests',
					unit: '{request}',
					attributes: { 'uaid.result.category': 'ok', 'http.response.status_code': 200 },
					value: 1,
				},
				{
					name: 'uaid.validate.outcomes',
					unit: '{request}',
					attributes: { 'uaid.result.category': 'ok', 'uaid.platform.result_code': '000000' },
					value: 1,
				},
				{
					name: 'uaid.platform.duration',
					unit: 's',
					attributes: { 'server.address': '127.0.0.1', 'uaid.attempt.outcome': 'answered', 'uaid.result.category': 'ok' },
					value: 1,
				},
			]),
		);
		expect(points.map((point) => point.name).sort()).toEqual(['uaid.platform.duration', 'uaid.sign.requests', 'uaid.validate.outcomes']);
		expectNoSecret(spans, points, [token, signed.traceId, answer.json.uaid]);
	});

	// The first platform code of each category imeiTokenValidate can answer (a Map keeps the last it is given).
	const categories = [
		...new Map(
			RESULT_CODES.filter((entry) => entry.endpoint === 'imeiTokenValidate' && entry.category !== 'ok')
				.reverse()
				.map((entry) => [entry.category, entry] as const),
		).values(),
	];

	it.each(categories.map((entry) => [entry.category, entry.code, entry] as const))(
		'the platform answering %s (%s): the category and code on both spans and in the outcome counter',
		async (category, code, entry) => {
			const { signed, token } = await signAndGetToken(env.kit.url, env.simulator);
			env.simulator.setFaults({ imeiTokenValidate: { resultCode: entry.code, variant: entry.variant, count: 1 } });
			const answer = await postJson(`${env.kit.url}/uaid/validate`, { token, traceId: signed.traceId });
			const status = BACKEND_ERROR_TABLE[category as keyof typeof BACKEND_ERROR_TABLE].status;
			expect(answer.status).toBe(status);
			const spans = await endedSpans();
			const points = await recordedPoints();

			const [validate] = named(spans, 'POST /uaid/validate');
			expect(validate?.attributes).toMatchObject({
				'http.response.status_code': status,
				'uaid.result.category': category,
				'uaid.platform.result_code': code,
				'uaid.outcome_unknown': false,
			});
			// A 4xx is the client's side of things; a 5xx the server's error.
			expect(validate?.status.code).toBe(status >= 500 ? SpanStatusCode.ERROR : SpanStatusCode.UNSET);
			expect(validate?.attributes['error.type']).toBe(status >= 500 ? category : undefined);

			const [call] = childrenOf(spans, validate!);
			expect(call?.attributes).toMatchObject({
				'uaid.attempt.number': 1,
				'uaid.attempt.outcome': 'answered',
				'uaid.result.category': category,
				'uaid.platform.result_code': code,
				'error.type': category,
				'http.response.status_code': 200,
			});
			expect(call?.status.code).toBe(SpanStatusCode.ERROR);

			expect(points).toContainEqual({
				name: 'uaid.validate.outcomes',
				unit: '{request}',
				attributes: { 'uaid.result.category': category, 'uaid.platform.result_code': code },
				value: 1,
			});
			expect(points).toContainEqual({
				name: 'uaid.platform.duration',
				unit: 's',
				attributes: {
					'server.address': '127.0.0.1',
					'uaid.attempt.outcome': 'answered',
					'uaid.result.category': category,
					'error.type': category,
				},
				value: 1,
			});
			expectNoSecret(spans, points, [token, signed.traceId]);
		},
	);

	it('the kit’s own refusals: a replayed traceId and an unknown one are counted, with no platform call', async () => {
		const { signed, token } = await signAndGetToken(env.kit.url, env.simulator);
		await postJson(`${env.kit.url}/uaid/validate`, { token, traceId: signed.traceId });
		await endedSpans();
		await recordedPoints();
		expect((await postJson(`${env.kit.url}/uaid/validate`, { token, traceId: signed.traceId })).status).toBe(409);
		expect((await postJson(`${env.kit.url}/uaid/validate`, { token, traceId: 'abcdefghijklmnopqrstuvwxyz012345' })).status).toBe(404);
		const spans = await endedSpans();
		expect(spans.map((span) => [span.name, span.attributes['uaid.result.category']])).toEqual([
			['POST /uaid/validate', 'replayed-trace'],
			['POST /uaid/validate', 'unknown-trace'],
		]);
		const points = await recordedPoints();
		expect(points).toEqual([
			{ name: 'uaid.validate.outcomes', unit: '{request}', attributes: { 'uaid.result.category': 'replayed-trace' }, value: 1 },
			{ name: 'uaid.validate.outcomes', unit: '{request}', attributes: { 'uaid.result.category': 'unknown-trace' }, value: 1 },
		]);
	});

	it('a sign over the rate limit counts a rejection and a rate-limited sign', async () => {
		const limited = await startKit({ validateUrl: env.simulator.validateUrl, rateLimit: { limit: 1 } });
		try {
			expect((await postJson(`${limited.url}/uaid/sign`, {})).status).toBe(200);
			expect((await postJson(`${limited.url}/uaid/sign`, {})).status).toBe(429);
			const points = await recordedPoints();
			expect(points).toEqual(
				expect.arrayContaining([
					{
						name: 'uaid.sign.requests',
						unit: '{request}',
						attributes: { 'uaid.result.category': 'ok', 'http.response.status_code': 200 },
						value: 1,
					},
					{
						name: 'uaid.sign.requests',
						unit: '{request}',
						attributes: { 'uaid.result.category': 'rate-limited', 'http.response.status_code': 429 },
						value: 1,
					},
					{ name: 'uaid.rate_limit.rejections', unit: '{request}', attributes: {}, value: 1 },
				]),
			);
			const spans = await endedSpans();
			expect(
				spans.map((span) => [
					span.name,
					span.attributes['http.response.status_code'],
					span.attributes['uaid.result.category'],
					span.status.code,
				]),
			).toEqual([
				['POST /uaid/sign', 200, 'ok', SpanStatusCode.UNSET],
				['POST /uaid/sign', 429, 'rate-limited', SpanStatusCode.UNSET],
			]);
		} finally {
			await limited.close();
		}
	});

	it('a connection lost before the platform answered: two client spans, the first failed, the retry answered', async () => {
		const { signed, token } = await signAndGetToken(env.kit.url, env.simulator);
		env.simulator.setFaults({ imeiTokenValidate: { drop: true, count: 1 } });
		const answer = await postJson(`${env.kit.url}/uaid/validate`, { token, traceId: signed.traceId });
		expect(answer.status).toBe(200);
		const spans = await endedSpans();
		const [validate] = named(spans, 'POST /uaid/validate');
		expect(validate?.attributes).toMatchObject({
			'http.response.status_code': 200,
			'uaid.result.category': 'ok',
			'uaid.outcome_unknown': false,
		});
		const calls = childrenOf(spans, validate!).sort(
			(a, b) => Number(a.attributes['uaid.attempt.number']) - Number(b.attributes['uaid.attempt.number']),
		);
		expect(
			calls.map((call) => [
				call.attributes['uaid.attempt.number'],
				call.attributes['uaid.attempt.outcome'],
				call.attributes['uaid.result.category'],
				call.status.code,
			]),
		).toEqual([
			[1, 'lost', 'platform-unreachable', SpanStatusCode.ERROR],
			[2, 'answered', 'ok', SpanStatusCode.UNSET],
		]);
		// No answer, so no status code; the transport's own error code says what failed.
		expect(calls[0]?.attributes['http.response.status_code']).toBeUndefined();
		expect(calls[0]?.attributes['error.type']).toMatch(/^(ECONNRESET|UND_ERR_SOCKET|EPIPE)$/);
		const points = await recordedPoints();
		expect(
			points
				.filter((point) => point.name === 'uaid.platform.duration')
				.map((point) => point.attributes['uaid.attempt.outcome'])
				.sort(),
		).toEqual(['answered', 'lost']);
		expect(points).toContainEqual({
			name: 'uaid.validate.outcomes',
			unit: '{request}',
			attributes: { 'uaid.result.category': 'ok', 'uaid.platform.result_code': '000000' },
			value: 1,
		});
	});

	it('an answer lost after the platform used the token: the retry’s span and the request’s say the outcome is unknown', async () => {
		const proxy = await startAnswerLosingProxy(env.simulator.url, 1);
		const lossy = await startKit({ validateUrl: `${proxy.url}/NumberAbility/h5/imeiTokenValidate.htm` });
		try {
			const { signed, token } = await signAndGetToken(lossy.url, env.simulator);
			await endedSpans();
			await recordedPoints();
			const answer = await postJson(`${lossy.url}/uaid/validate`, { token, traceId: signed.traceId });
			expect(answer.json.error.code).toBe('validate-outcome-unknown');
			const spans = await endedSpans();
			const [validate] = named(spans, 'POST /uaid/validate');
			expect(validate?.attributes).toMatchObject({
				'http.response.status_code': 502,
				'uaid.result.category': 'validate-outcome-unknown',
				'uaid.platform.result_code': '120009',
				'uaid.outcome_unknown': true,
				'error.type': 'validate-outcome-unknown',
			});
			const calls = childrenOf(spans, validate!).sort(
				(a, b) => Number(a.attributes['uaid.attempt.number']) - Number(b.attributes['uaid.attempt.number']),
			);
			expect(
				calls.map((call) => [
					call.attributes['uaid.attempt.outcome'],
					call.attributes['uaid.result.category'],
					call.attributes['uaid.outcome_unknown'],
				]),
			).toEqual([
				['lost', 'platform-unreachable', false],
				['answered', 'validate-outcome-unknown', true],
			]);
			expect(await recordedPoints()).toContainEqual({
				name: 'uaid.validate.outcomes',
				unit: '{request}',
				attributes: { 'uaid.result.category': 'validate-outcome-unknown', 'uaid.platform.result_code': '120009' },
				value: 1,
			});
		} finally {
			await lossy.close();
			await proxy.close();
		}
	});

	it('a platform slower than timeoutMs: the client span ends as timeout, the request as a 504 error', async () => {
		const slow = await startKit({ validateUrl: env.simulator.validateUrl, timeoutMs: 300 });
		try {
			const { signed, token } = await signAndGetToken(slow.url, env.simulator);
			await endedSpans();
			await recordedPoints();
			env.simulator.setFaults({ imeiTokenValidate: { latencyMs: 2000, count: 1 } });
			expect((await postJson(`${slow.url}/uaid/validate`, { token, traceId: signed.traceId })).status).toBe(504);
			const spans = await endedSpans();
			const [validate] = named(spans, 'POST /uaid/validate');
			expect(validate?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'timeout' });
			expect(validate?.attributes).toMatchObject({
				'http.response.status_code': 504,
				'uaid.result.category': 'timeout',
				'error.type': 'timeout',
			});
			const calls = childrenOf(spans, validate!);
			expect(calls.map((call) => [call.attributes['uaid.attempt.outcome'], call.attributes['error.type'], call.status.code])).toEqual([
				['timeout', 'timeout', SpanStatusCode.ERROR],
			]);
			const points = await recordedPoints();
			expect(points).toContainEqual({
				name: 'uaid.validate.outcomes',
				unit: '{request}',
				attributes: { 'uaid.result.category': 'timeout' },
				value: 1,
			});
			expect(points).toContainEqual({
				name: 'uaid.platform.duration',
				unit: 's',
				attributes: {
					'server.address': '127.0.0.1',
					'uaid.attempt.outcome': 'timeout',
					'uaid.result.category': 'timeout',
					'error.type': 'timeout',
				},
				value: 1,
			});
		} finally {
			await slow.close();
		}
	});
});
