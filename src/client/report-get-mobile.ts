import type { ReportRequestJson } from '../protocol/backend-wire.js';

/**
 * Tells the integrator's backend what getMobile answered (`POST {basePath}/report`): the backend
 * never sees that call, so without this a wrong appKey's 130018 is known only to each user's
 * console. A beacon, as the vendor's own H5 SDK reports its outcomes: a plain-text body (no
 * preflight), sent even when the page is left at once, and nothing waits for it. Never throws.
 */
export function reportGetMobile(
	url: string,
	report: ReportRequestJson,
	options: { credentials: RequestCredentials; fetch?: typeof globalThis.fetch },
): void {
	const body = JSON.stringify(report);
	try {
		// An integrator's own fetch (a test double, an instrumented one) is used as given; without a beacon
		// (Node 20) or with one the browser refuses (a full queue), a keepalive fetch, which outlives the page too.
		if (!options.fetch && globalThis.navigator?.sendBeacon?.(url, body)) return;
		// A string body is sent as text/plain: a simple request, as the beacon's.
		(options.fetch ?? fetch)(url, { method: 'POST', body, keepalive: true, credentials: options.credentials }).catch(() => undefined);
	} catch {
		// A report is never worth a failed run, whatever a fetch throws.
	}
}
