import { unmapIpv4 } from '../../protocol/node/ip-address.js';

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

/**
 * The client IP of a request according to `source`. With a header, `hops` counts from the right
 * of a comma-separated list (1: the address the nearest trusted proxy appended), because entries
 * further left are whatever the client sent.
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
	const parts = value.split(',').map((part) => part.trim()).filter(Boolean);
	const hops = source.hops ?? 1;
	return normalise(parts[parts.length - hops]) ?? UNKNOWN_CLIENT_IP;
}

/** The client IP for `source: 'socket'`. */
export const socketClientIp = (address: string | undefined): string => normalise(address) ?? UNKNOWN_CLIENT_IP;

const normalise = (address: string | undefined): string | undefined => (address ? unmapIpv4(address) : undefined);
