/**
 * The rate-limit bucket of a client address. An IPv6 client is usually given a whole /64 and can
 * pick a new address in it for every request, so IPv6 addresses are counted by their first
 * `ipv6PrefixLength` bits; IPv4 addresses (and anything that is not IPv6) by the whole address.
 *
 * @example rateLimitKey('2001:db8:1:2:aaaa::1', 64) // '2001:db8:1:2::/64'
 */
export function rateLimitKey(address: string, ipv6PrefixLength: number): string {
	if (!address.includes(':')) return address;
	const groups = ipv6Groups(address);
	if (!groups) return address;
	let bits = ipv6PrefixLength;
	const masked = groups.map((group) => {
		const keep = Math.max(0, Math.min(16, bits));
		bits -= 16;
		return keep === 0 ? 0 : group & (0xffff << (16 - keep)) & 0xffff;
	});
	return `${compress(masked)}/${ipv6PrefixLength}`;
}

/** The eight 16-bit groups of an IPv6 address, or undefined if it is not one. */
function ipv6Groups(address: string): number[] | undefined {
	// A zone (fe80::1%eth0) names an interface on this host, not part of the address.
	const bare = address.split('%')[0]!;
	let canonical: string;
	try {
		// The URL parser validates the address and writes it without embedded IPv4 or leading zeros.
		canonical = new URL(`http://[${bare}]/`).hostname.slice(1, -1);
	} catch {
		return undefined;
	}
	const [head = '', tail] = canonical.split('::');
	const left = head === '' ? [] : head.split(':');
	const right = tail === undefined || tail === '' ? [] : tail.split(':');
	const missing = 8 - left.length - right.length;
	return [...left, ...Array.from({ length: tail === undefined ? 0 : missing }, () => '0'), ...right].map((group) =>
		Number.parseInt(group, 16),
	);
}

function compress(groups: number[]): string {
	return new URL(`http://[${groups.map((group) => group.toString(16)).join(':')}]/`).hostname.slice(1, -1);
}
