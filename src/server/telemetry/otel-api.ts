/**
 * `@opentelemetry/api`, when the integrator installed it: an optional peer dependency, so it is
 * loaded on first use with a dynamic import, once per process, and its absence is not an error.
 * Without it the kit reports nothing; with it but no SDK registered, the API's no-op tracer and
 * meter answer.
 */
import type * as OtelApiModule from '@opentelemetry/api';

export type OtelApi = typeof OtelApiModule;

/** The instrumentation scope every span and metric of the kit carries. */
export const INSTRUMENTATION_SCOPE = 'cmcc-uaid';

let loading: Promise<OtelApi | undefined> | undefined;

/**
 * The API module, or undefined when it cannot be loaded. The import starts at the first call and
 * settles once; later calls get the same promise.
 */
export function loadOtelApi(): Promise<OtelApi | undefined> {
	// The comments keep bundlers from resolving the name at build time: an app that does not
	// install the package must still bundle the kit, and one that does gets its own copy at run time.
	loading ??= import(/* webpackIgnore: true */ /* @vite-ignore */ '@opentelemetry/api').then(
		(api: OtelApi) =>
			typeof api.trace?.getTracerProvider === 'function' && typeof api.metrics?.getMeterProvider === 'function' ? api : undefined,
		() => undefined,
	);
	return loading;
}
