import { forwardedAddress, parseClientAddress } from '../../protocol/node/client-address.js';
import { invalidOption } from '../errors/index.js';

/**
 * Where the client IP for rate limiting comes from. The socket address cannot be forged, but
 * behind a reverse proxy it is the proxy's; a forwarded header is only as trustworthy as the
 * proxies that write it, hence `hops`.
 */
export type ClientIpSource = 'socket' | { header: string; hops?: number } | ((request: Request) => string | undefined);

/** The address used when none can be found: every such request shares one rate-limit bucket. */
export const UNKNOWN_CLIENT_IP = 'unknown';

/** Where a request's client IP can be read from, however the runtime delivered the request. */
export interface ClientIpInputs {
	/** The connection's peer address, when the runtime knows it. */
	socketAddress: string | undefined;
	/** A request header by lower-case name, or null. */
	header(name: string): string | null;
	/** The request as a Fetch `Request`, for a `source` function (built only when one is configured). */
	request(): Request;
}

/** Most proxies a `hops` count may name: a longer chain in front of one app is a mistake in the count. */
const MAX_HOPS = 10;

/**
 * Checks a `clientIp` option at start-up.
 * @throws {UaidServerError} `invalid-option`
 */
export function checkClientIpSource(source: unknown): void {
	if (source === 'socket' || typeof source === 'function') return;
	if (
		typeof source !== 'object' ||
		source === null ||
		typeof (source as { header?: unknown }).header !== 'string' ||
		(source as { header: string }).header === ''
	) {
		throw invalidOption('clientIp', "must be 'socket', { header, hops } or a function.");
	}
	const { hops } = source as { hops?: unknown };
	if (hops !== undefined && !(Number.isInteger(hops) && (hops as number) >= 1 && (hops as number) <= MAX_HOPS)) {
		throw invalidOption(
			'clientIp.hops',
			`must be an integer from 1 to ${MAX_HOPS} (the trusted proxies in front of the app), got ${String(hops)}.`,
		);
	}
}

let warnedNotAnIp = false;

/** Said once per process: a proxy header that holds no IP puts every such request in one bucket. */
function warnNotAnIp(header: string, value: string): void {
	if (warnedNotAnIp) return;
	warnedNotAnIp = true;
	console.warn(
		`cmcc-uaid: the ${header} header's entry "${value.slice(0, 60).replace(/[^\x20-\x7e]/g, '?')}" is not an IP address; such requests ` +
			`count as client "unknown", one rate-limit bucket. Check clientIp.header and clientIp.hops against what the proxy writes. (Said ` +
			`once.)`,
	);
}

/**
 * The client IP of a request according to `source`. With a header, `hops` counts from the right
 * of a comma-separated list (1: the address the nearest trusted proxy appended), because entries
 * further left are whatever the client sent; a port a proxy appended is dropped.
 */
export function resolveClientIp(request: Request, source: ClientIpSource): string {
	// A Fetch Request carries no connection: the Node adapter reads the socket itself (clientIpFrom).
	return clientIpFrom({ socketAddress: undefined, header: (name) => request.headers.get(name), request: () => request }, source);
}

/** {@link resolveClientIp} over whatever the runtime gives: the Node adapter reads the socket and headers without building a Request. */
export function clientIpFrom(inputs: ClientIpInputs, source: ClientIpSource): string {
	if (typeof source === 'function') return source(inputs.request())?.trim() || UNKNOWN_CLIENT_IP;
	if (source === 'socket') return socketClientIp(inputs.socketAddress);
	const value = inputs.header(source.header.toLowerCase());
	if (!value) return UNKNOWN_CLIENT_IP;
	const { entry, ip } = forwardedAddress(value, source.hops ?? 1);
	if (entry !== undefined && ip === undefined) warnNotAnIp(source.header, entry);
	return ip ?? UNKNOWN_CLIENT_IP;
}

/** The client IP for `source: 'socket'`. */
export const socketClientIp = (address: string | undefined): string => parseClientAddress(address) ?? UNKNOWN_CLIENT_IP;
