import ky from 'ky';
import { CARRIERS, type Carrier } from '../protocol/backend-wire.js';
import { isRecord } from '../protocol/is-record.js';

/**
 * Asks the integrator's backend whose network this page's IP is on (`GET {basePath}/coverage`: a
 * simple request, so a backend on another origin needs no preflight). Any failure is `unknown`: the
 * answer only decides whether a page shows its button or its fallback first, and `unknown` keeps
 * the button, so a coverage endpoint that is down costs the user nothing.
 */
export async function requestCoverage(
	url: string,
	options: { credentials: RequestCredentials; timeoutMs: number; fetch?: typeof globalThis.fetch },
	signal?: AbortSignal,
): Promise<Carrier> {
	if (url) {
		try {
			// The answer depends on the connection the phone is on right now: never from a cache.
			const json: unknown = await ky
				.get(url, {
					signal,
					timeout: options.timeoutMs,
					retry: 0,
					credentials: options.credentials,
					cache: 'no-store',
					fetch: options.fetch,
				})
				.json();
			if (isRecord(json) && (CARRIERS as readonly unknown[]).includes(json.carrier)) return json.carrier as Carrier;
		} catch {
			// unknown, below
		}
	}
	return 'unknown';
}
