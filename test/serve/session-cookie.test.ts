/** The session cookie's attributes as the config sets them; the full flow is in session.test.ts. */
import { describe, expect, it } from 'vitest';
import { cookieSettings, isPlainHttpLoopback, sessionCookie } from '../../src/serve/session-cookie.js';

const session = { issuer: 'i', audience: 'a', signingKey: { env: 'K' } };

describe('the session cookie', () => {
	it('is Secure for every page but a plain-HTTP loopback one, an unknown page included', () => {
		const settings = cookieSettings(session);
		expect(sessionCookie('J', settings, 'https://m.example.com')).toBe(
			'uaid_session=J; Max-Age=3600; Path=/; HttpOnly; SameSite=Lax; Secure',
		);
		expect(sessionCookie('J', settings, undefined)).toContain('; Secure');
		for (const origin of ['http://localhost:5173', 'http://127.0.0.1', 'http://[::1]:8080'])
			expect(isPlainHttpLoopback(origin), origin).toBe(true);
		for (const origin of ['https://localhost', 'http://m.example.com', 'http://127.0.0.2', 'not a url'])
			expect(isPlainHttpLoopback(origin), origin).toBe(false);
	});

	it('takes its name, domain, path, SameSite, Secure and lifetime from the config', () => {
		const settings = cookieSettings({
			...session,
			ttlSeconds: 60,
			cookie: { name: 'sid', domain: 'example.com', path: '/app', sameSite: 'Strict', secure: true },
		});
		expect(sessionCookie('J', settings, 'http://localhost:5173')).toBe(
			'sid=J; Max-Age=60; Path=/app; HttpOnly; SameSite=Strict; Domain=example.com; Secure',
		);
		expect(sessionCookie('J', cookieSettings({ ...session, cookie: { secure: false } }), 'https://m.example.com')).not.toContain('Secure');
	});
});
