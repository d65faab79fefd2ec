import type { ServeSessionConfig } from './serve-config.js';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * `http://localhost:…`, `http://127.0.0.1:…`, `http://[::1]:…`: the one place a page may run without TLS, so a Secure cookie would never
 * come back.
 */
export function isPlainHttpLoopback(origin: string | undefined): boolean {
	if (!origin || !URL.canParse(origin)) return false;
	const url = new URL(origin);
	return url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
}

/** The cookie's attributes with the defaults filled in. */
export interface CookieSettings {
	readonly name: string;
	readonly domain: string | undefined;
	readonly path: string;
	readonly sameSite: 'Lax' | 'Strict';
	readonly secure: 'auto' | boolean;
	readonly maxAgeSeconds: number;
}

export function cookieSettings(session: ServeSessionConfig): CookieSettings {
	const { name = 'uaid_session', domain, path = '/', sameSite = 'Lax', secure = 'auto' } = session.cookie ?? {};
	return { name, domain, path, sameSite, secure, maxAgeSeconds: session.ttlSeconds ?? 3600 };
}

/**
 * `Set-Cookie` for a session: HttpOnly (no script on the page reads it), SameSite, and Secure
 * unless `secure` is `auto` and the page is plain HTTP on loopback. Max-Age matches the JWT's `exp`.
 */
export function sessionCookie(jwt: string, settings: CookieSettings, pageOrigin: string | undefined): string {
	const secure = settings.secure === 'auto' ? !isPlainHttpLoopback(pageOrigin) : settings.secure;
	const parts = [
		`${settings.name}=${jwt}`,
		`Max-Age=${settings.maxAgeSeconds}`,
		`Path=${settings.path}`,
		'HttpOnly',
		`SameSite=${settings.sameSite}`,
	];
	if (settings.domain) parts.push(`Domain=${settings.domain}`);
	if (secure) parts.push('Secure');
	return parts.join('; ');
}
