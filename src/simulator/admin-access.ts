import { SimulatorConfigError } from './errors.js';
import { optionalStringList } from './validate-input.js';

/** Hosts a page on this machine is served from; a page elsewhere cannot name them as its origin. */
const LOOPBACK_HOSTNAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Whether a page's `Origin` may use the admin API. No Origin means no browser page (curl, tests,
 * the CLI); a loopback page is the developer's own; anything else is a site the developer happens
 * to visit, which must not read the log or change apps, network or faults.
 */
export function isAdminOriginAllowed(origin: string | undefined, extraOrigins: ReadonlySet<string>): boolean {
	if (origin === undefined) return true;
	if (extraOrigins.has(origin)) return true;
	let url: URL;
	try {
		url = new URL(origin);
	} catch {
		return false;
	}
	// `url.origin === origin` refuses anything with a path, credentials or odd spelling, and `null`.
	return url.protocol === 'http:' && LOOPBACK_HOSTNAMES.has(url.hostname) && url.origin === origin;
}

/**
 * Reads the `adminOrigins` setting: exact origins (scheme://host[:port]) added to the loopback
 * pages, e.g. a LAN address a phone loads the demo from.
 *
 * @throws {SimulatorConfigError} for an entry that is not an origin.
 */
export function parseAdminOrigins(value: unknown, field: string): ReadonlySet<string> {
	const list = optionalStringList(value, field) ?? [];
	list.forEach((origin, index) => {
		let parsed: string | undefined;
		try {
			parsed = new URL(origin).origin;
		} catch {
			parsed = undefined;
		}
		if (parsed !== origin)
			throw new SimulatorConfigError(
				`${field}[${index}]`,
				`must be an origin such as http://192.168.1.20:5180 (scheme://host[:port], no path or trailing slash), got ${JSON.stringify(origin)}.`,
			);
	});
	return new Set(list);
}

/** Whether a Content-Type header names JSON; a page can only send other types without a preflight. */
export function isJsonContentType(contentType: string | undefined): boolean {
	return contentType?.split(';')[0]?.trim().toLowerCase() === 'application/json';
}
