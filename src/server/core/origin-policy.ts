import { invalidOption, RequestRejectedError } from '../errors/index.js';

/**
 * The Origin rule: a request that carries `Origin` must name an allowed origin (or the backend's
 * own origin). A request without `Origin` is not from a browser page (browsers send it on every
 * cross-origin request and on every POST), so it is accepted unless `requireOrigin` is set —
 * refusing it would stop nothing, since a non-browser client can write any Origin it likes.
 */
export interface OriginPolicy {
	readonly allowedOrigins: ReadonlySet<string>;
	readonly requireOrigin: boolean;
	/** The backend's own origin as configured; when set, the Host header is not consulted. */
	readonly publicOrigin: string | undefined;
}

function parseOrigin(origin: string, option: string): string {
	let parsed: URL;
	try {
		parsed = new URL(origin);
	} catch {
		throw invalidOption(option, `"${origin}" is not a URL origin such as https://m.example.com.`);
	}
	if (parsed.origin === 'null' || parsed.origin !== origin.replace(/\/$/, ''))
		throw invalidOption(option, `"${origin}" must be an origin only: scheme://host[:port], no path.`);
	return parsed.origin;
}

export function createOriginPolicy(
	allowedOrigins: readonly string[] | undefined,
	requireOrigin: boolean | undefined,
	publicOrigin?: string,
): OriginPolicy {
	const set = new Set<string>();
	for (const origin of allowedOrigins ?? []) set.add(parseOrigin(origin, 'allowedOrigins'));
	return {
		allowedOrigins: set,
		requireOrigin: requireOrigin ?? false,
		publicOrigin: publicOrigin === undefined ? undefined : parseOrigin(publicOrigin, 'publicOrigin'),
	};
}

// host[:port] as a Host header may carry it: a name or IPv4 address, or a bracketed IPv6 address.
// Anything else (a path, userinfo, a second authority) names no origin of ours.
const HOST_HEADER = /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/**
 * The backend's own origin from the Host header and the connection's scheme — never from the
 * request target: `POST //evil.com/uaid/sign` must not make `http://evil.com` our own origin.
 * Under HTTPS a browser cannot present another site's Host with a valid certificate; over plain
 * HTTP (DNS rebinding) or behind a proxy that rewrites Host, configure `publicOrigin` instead.
 */
export function originFromHost(scheme: string, host: string | null | undefined): string | undefined {
	if (!host || !HOST_HEADER.test(host)) return undefined;
	try {
		return new URL(`${scheme}://${host}`).origin;
	} catch {
		return undefined;
	}
}

/**
 * Refuses a request a browser marked as sent by another site (`Sec-Fetch-Site: cross-site`, or
 * `same-site`: a sibling host) that carries no Origin: a foreign page's no-cors `GET` of coverage
 * looks like that, and would otherwise pass (no Origin to check) and spend the visitor's budget.
 * Called before anything is counted. No page of ours needs such a request: the answer is opaque to it.
 *
 * @throws {RequestRejectedError} `origin-not-allowed`
 */
export function refuseForeignWithoutOrigin(secFetchSite: string | null): void {
	if (secFetchSite === 'cross-site' || secFetchSite === 'same-site') {
		throw new RequestRejectedError(
			'origin-not-allowed',
			`The browser marked this request Sec-Fetch-Site: ${secFetchSite} and it carries no Origin: another site's page sent it (a no-cors ` +
				`request). Call the endpoints with fetch() from an allowed origin.`,
		);
	}
}

/**
 * The origin a CORS answer should name, or `undefined` for a request without `Origin`.
 * `ownOrigin` (the backend's own scheme://host from the Host header, see {@link originFromHost})
 * is only worked out when the Origin is not in the list and no `publicOrigin` is configured.
 *
 * @throws {RequestRejectedError} `origin-not-allowed`
 */
export function checkOrigin(origin: string | null, ownOrigin: () => string | undefined, policy: OriginPolicy): string | undefined {
	if (origin === null) {
		if (policy.requireOrigin)
			throw new RequestRejectedError('origin-not-allowed', 'The request has no Origin header and requireOrigin is set.');
		return undefined;
	}
	if (policy.allowedOrigins.has(origin)) return origin;
	const own = policy.publicOrigin ?? ownOrigin();
	if (origin === own) return origin;
	throw new RequestRejectedError('origin-not-allowed', originRefusal(origin.slice(0, 200), own, policy.publicOrigin !== undefined));
}

/**
 * Names the origin the request carried, the own origin it was compared with and where that came
 * from, and the option that changes the outcome: the usual cause in development is a proxy (Vite's
 * `server.proxy` shorthand sets `changeOrigin`) that rewrites Host, so the page's origin no longer
 * looks like the backend's own.
 */
function originRefusal(origin: string, own: string | undefined, configured: boolean): string {
	const compared = configured
		? `publicOrigin (${own})`
		: `this backend's own origin, ${own ?? 'unknown (no usable Host header)'}, read from the Host header`;
	const fix = configured
		? `add ${origin} to allowedOrigins.`
		: `add ${origin} to allowedOrigins, or, when the page is served from this backend through a ` +
			`proxy that rewrites Host (Vite's server.proxy shorthand sets changeOrigin), set publicOrigin: '${origin}'.`;
	return `Origin ${origin} is not allowed: it is neither in allowedOrigins nor ${compared}. To allow it, ${fix}`;
}

/**
 * Headers that let the allowed origin read the answer. `allow-credentials`, because a page on an
 * allowed origin may send its cookies (`credentials: 'include'`) and must be able to read the answer
 * that sets the session `onUaid` opened; only ever next to one exact allowed origin, never `*`.
 */
function corsHeaders(origin: string | undefined): Record<string, string> {
	return origin
		? { 'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true', vary: 'Origin' }
		: { vary: 'Origin' };
}

/** Preflight answer headers for an allowed origin, on an endpoint that answers `methods`. */
export function preflightHeaders(origin: string, methods: string): Record<string, string> {
	return {
		...corsHeaders(origin),
		'access-control-allow-methods': methods,
		'access-control-allow-headers': 'content-type',
		'access-control-max-age': '600',
	};
}
