import type { Logger } from 'pino';
import { loadOtelApi } from '../server/telemetry/otel-api.js';

/**
 * The service does not register an OpenTelemetry SDK: which exporter, sampler and resource to use
 * is the operator's choice, made with `node --import` (docs/serve.md). The kit reports through
 * `@opentelemetry/api` whenever an SDK is registered. What this adds is one warning when the
 * standard OTEL_* variables are set but nothing would send: otherwise they would be silently ignored.
 */
export async function noteOpenTelemetry(logger: Logger, env: NodeJS.ProcessEnv = process.env): Promise<void> {
	const set = Object.keys(env).filter((name) => name.startsWith('OTEL_') && env[name]);
	if (set.length === 0) return;
	const api = await loadOtelApi();
	const provider = api?.trace.getTracerProvider() as { getDelegate?: () => object } | undefined;
	const delegate = provider?.getDelegate?.() ?? provider;
	const registered = delegate !== undefined && delegate.constructor.name !== 'NoopTracerProvider';
	if (registered) {
		logger.info({ otel: set }, 'OpenTelemetry: reporting through the registered SDK');
		return;
	}
	logger.warn(
		{ otel: set },
		api
			? 'OTEL_* variables are set but no OpenTelemetry SDK is registered: start with node --import (see docs/serve.md)'
			: 'OTEL_* variables are set but @opentelemetry/api is not installed: npm install @opentelemetry/api and an SDK, and start with node ' +
					'--import (see docs/serve.md)',
	);
}
