import { isIP } from 'node:net';
import { unmapIpv4 } from './ip-address.js';

/**
 * The one client-address rule of the package, used by the server kit's `clientIp` option and the
 * simulator's `trustForwardedFor`: an address as a proxy wrote it, reduced to the bare IP.
 */

/**
 * The IP in `text`, or undefined when it holds none. Some proxies append the port
 * (`203.0.113.5:40001`, `[2001:db8::1]:40001`): kept, every connection would be a client of its
 * own. A zone (`fe80::1%eth0`) is kept, as Node reports it.
 */
export function parseClientAddress(text: string | undefined): string | undefined {
	let address = text?.trim().replace(/^"(.*)"$/, '$1');
	if (!address) return undefined;
	const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(address);
	if (bracketed) address = bracketed[1]!;
	else if (/^[\d.]+:\d{1,5}$/.test(address)) address = address.slice(0, address.lastIndexOf(':'));
	return isIP(address) ? unmapIpv4(address) : undefined;
}

/**
 * The address `hops` entries from the right of a comma-separated forwarding header
 * (`X-Forwarded-For: client, proxy1, proxy2`): 1 is the address the nearest proxy appended, and
 * every entry further left is whatever the one before it claimed. `Infinity` takes the leftmost.
 * `entry` is that entry as written (undefined when the list is shorter); `ip` is undefined when it holds no IP.
 */
export function forwardedAddress(value: string, hops: number): { entry: string | undefined; ip: string | undefined } {
	const parts = value
		.split(',')
		.map((part) => part.trim())
		.filter(Boolean);
	const entry = hops === Number.POSITIVE_INFINITY ? parts[0] : parts[parts.length - hops];
	return { entry, ip: entry === undefined ? undefined : parseClientAddress(entry) };
}
