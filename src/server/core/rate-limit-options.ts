/** The `rateLimit` option of `createUaidHandler`. */
export interface RateLimitOptions {
	/**
	 * Sign requests allowed per client IP per window (coverage requests as many again, counted
	 * apart). Mobile carriers put many subscribers behind one address (carrier-grade NAT), so this
	 * is far above one person's use; it exists so that the sign endpoint cannot be used to burn the
	 * app's platform quota.
	 * @default 600
	 * @example 1200
	 */
	limit?: number;
	/**
	 * Window length.
	 * @default 60_000
	 * @example 60_000
	 */
	windowMs?: number;
	/**
	 * IPv6 clients are counted per network of this many leading bits: a subscriber usually gets a
	 * whole /64 and can use a new address in it for every request. IPv4 clients are counted per address.
	 * @default 64
	 * @example 56
	 */
	ipv6PrefixLength?: number;
}
