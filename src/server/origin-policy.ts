import { RequestRejectedError } from './errors/index.js';

/**
 * The Origin rule: a request that carries `Origin` must name an allowed origin (or the backend's
 * own origin). A request without `Origin` is not from a browser page (browsers send it on every
 * cross-origin request and on every POST), so it is accepted unless `requireOrigin` is set —
 * refusing it would stop nothing, since a non-browser client can write any Origin it likes.
 */
export interface OriginPolicy {
	readonly allowedOrigins: ReadonlySet<string>;
	readonly requireOrigin: boolean;
}

export function createOriginPolicy(allowedOrigins: readonly string[] | undefined, requireOrigin: boolean | undefined): OriginPolicy {
	const set = new Set<string>();
	for (const origin of allowedOrigins ?? []) {
		let parsed: URL;
		try {
			parsed = new URL(origin);
		} catch {
			throw new TypeError(`allowedOrigins entry "${origin}" is not a URL origin such as https://m.example.com.`);
		}
		if (parsed.origin === 'null' || parsed.origin !== origin.replace(/\/$/, '')) throw new TypeError(`allowedOrigins entry "${origin}" must be an origin only: scheme://host[:port], no path.`);
		set.add(parsed.origin);
	}
	return { allowedOrigins: set, requireOrigin: requireOrigin ?? false };
}

/**
 * The origin a CORS answer should name, or `undefined` for a request without `Origin`.
 * `ownOrigin` (the backend's own scheme://host as the request names it) is only worked out when
 * the Origin is not in the list.
 *
 * @throws {RequestRejectedError} `origin-not-allowed`
 */
export function checkOrigin(origin: string | null, ownOrigin: () => string | undefined, policy: OriginPolicy): string | undefined {
	if (origin === null) {
		if (policy.requireOrigin) throw new RequestRejectedError('origin-not-allowed', 'The request has no Origin header and requireOrigin is set.');
		return undefined;
	}
	if (policy.allowedOrigins.has(origin)) return origin;
	if (origin === ownOrigin()) return origin;
	throw new RequestRejectedError('origin-not-allowed', `Origin ${origin.slice(0, 200)} is not in allowedOrigins.`);
}

/** Headers that let the allowed origin read the answer. */
export function corsHeaders(origin: string | undefined): Record<string, string> {
	return origin ? { 'access-control-allow-origin': origin, vary: 'Origin' } : { vary: 'Origin' };
}

/** Preflight answer headers for an allowed origin. */
export function preflightHeaders(origin: string): Record<string, string> {
	return {
		...corsHeaders(origin),
		'access-control-allow-methods': 'POST, OPTIONS',
		'access-control-allow-headers': 'content-type',
		'access-control-max-age': '600',
	};
}
