import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAGE_ORIGIN, postJson, startKit, type RunningKit } from './support.js';

// No platform call happens in these tests: a closed port stands in for it.
const NO_PLATFORM = 'http://127.0.0.1:9/NumberAbility/h5/imeiTokenValidate.htm';

describe('origin checks and CORS', () => {
	let kit: RunningKit;
	let strictKit: RunningKit;

	beforeAll(async () => {
		kit = await startKit({ validateUrl: NO_PLATFORM });
		strictKit = await startKit({ validateUrl: NO_PLATFORM, requireOrigin: true });
	});
	afterAll(async () => {
		await kit?.close();
		await strictKit?.close();
	});

	it('refuses a page origin outside allowedOrigins with origin-not-allowed and no CORS grant', async () => {
		for (const path of ['/uaid/sign', '/uaid/validate']) {
			const result = await postJson(`${kit.url}${path}`, {}, { origin: 'https://evil.example' });
			expect(result.status).toBe(403);
			expect(result.json.error.code).toBe('origin-not-allowed');
			expect(result.headers.get('access-control-allow-origin')).toBeNull();
		}
	});

	it('treats an origin with a different port or scheme as a different origin', async () => {
		expect((await postJson(`${kit.url}/uaid/sign`, {}, { origin: 'http://page.test:5174' })).status).toBe(403);
		expect((await postJson(`${kit.url}/uaid/sign`, {}, { origin: 'https://page.test:5173' })).status).toBe(403);
	});

	it('answers a preflight from an allowed origin', async () => {
		const response = await fetch(`${kit.url}/uaid/sign`, {
			method: 'OPTIONS',
			headers: { origin: PAGE_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
		});
		expect(response.status).toBe(204);
		expect(response.headers.get('access-control-allow-origin')).toBe(PAGE_ORIGIN);
		expect(response.headers.get('access-control-allow-methods')).toContain('POST');
		expect(response.headers.get('access-control-allow-headers')).toBe('content-type');
		expect(response.headers.get('vary')).toBe('Origin');
	});

	it('refuses a preflight from another origin', async () => {
		const response = await fetch(`${kit.url}/uaid/validate`, {
			method: 'OPTIONS',
			headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
		});
		expect(response.status).toBe(403);
		expect(response.headers.get('access-control-allow-origin')).toBeNull();
		expect(((await response.json()) as any).error.code).toBe('origin-not-allowed');
	});

	it('allows the backend’s own origin without listing it', async () => {
		const result = await postJson(`${kit.url}/uaid/sign`, {}, { origin: kit.url });
		expect(result.status).toBe(200);
	});

	it('accepts a request without Origin by default, and refuses it with requireOrigin', async () => {
		const open = await fetch(`${kit.url}/uaid/sign`, { method: 'POST' });
		expect(open.status).toBe(200);
		expect(open.headers.get('access-control-allow-origin')).toBeNull();
		const strict = await fetch(`${strictKit.url}/uaid/sign`, { method: 'POST' });
		expect(strict.status).toBe(403);
		expect(((await strict.json()) as any).error.code).toBe('origin-not-allowed');
	});
});

describe('rate limiting of sign per client IP', () => {
	it('answers rate-limited with Retry-After once the limit is passed, and counts sign only', async () => {
		const kit = await startKit({ validateUrl: NO_PLATFORM, rateLimit: { limit: 3, windowMs: 60_000 } });
		try {
			const statuses: number[] = [];
			for (let i = 0; i < 5; i++) statuses.push((await postJson(`${kit.url}/uaid/sign`, {})).status);
			expect(statuses).toEqual([200, 200, 200, 429, 429]);
			const limited = await postJson(`${kit.url}/uaid/sign`, {});
			expect(limited.json.error).toMatchObject({ code: 'rate-limited', retryable: false });
			expect(limited.headers.get('retry-after')).toBe('60');
			// validate is not counted: it answers its own error, not rate-limited.
			const validate = await postJson(`${kit.url}/uaid/validate`, {
				token: 'H5HTTPS0123456789ABCDEF0123456789ABCDEF',
				traceId: 'abcdefghijklmnopqrstuvwxyz012345',
			});
			expect(validate.json.error.code).toBe('unknown-trace');
		} finally {
			await kit.close();
		}
	});

	it('keys on a trusted proxy header when told to, counting hops from the right', async () => {
		const kit = await startKit({
			validateUrl: NO_PLATFORM,
			rateLimit: { limit: 1, windowMs: 60_000 },
			clientIp: { header: 'x-forwarded-for', hops: 1 },
		});
		try {
			// A client-supplied left part must not buy a new bucket: the proxy's appended address is what counts.
			expect((await postJson(`${kit.url}/uaid/sign`, {}, { 'x-forwarded-for': '1.1.1.1, 10.0.0.1' })).status).toBe(200);
			expect((await postJson(`${kit.url}/uaid/sign`, {}, { 'x-forwarded-for': '2.2.2.2, 10.0.0.1' })).status).toBe(429);
			expect((await postJson(`${kit.url}/uaid/sign`, {}, { 'x-forwarded-for': '10.0.0.2' })).status).toBe(200);
		} finally {
			await kit.close();
		}
	});

	it('ignores X-Forwarded-For with the default socket source', async () => {
		const kit = await startKit({ validateUrl: NO_PLATFORM, rateLimit: { limit: 1, windowMs: 60_000 } });
		try {
			expect((await postJson(`${kit.url}/uaid/sign`, {}, { 'x-forwarded-for': '1.1.1.1' })).status).toBe(200);
			expect((await postJson(`${kit.url}/uaid/sign`, {}, { 'x-forwarded-for': '2.2.2.2' })).status).toBe(429);
			expect(kit.logs.map((e) => e.clientIp)).toEqual(['127.0.0.1', '127.0.0.1']);
		} finally {
			await kit.close();
		}
	});

	it('can be switched off', async () => {
		const kit = await startKit({ validateUrl: NO_PLATFORM, rateLimit: false });
		try {
			for (let i = 0; i < 5; i++) expect((await postJson(`${kit.url}/uaid/sign`, {})).status).toBe(200);
		} finally {
			await kit.close();
		}
	});

	it('defaults to 600 per minute per IP', async () => {
		const kit = await startKit({ validateUrl: NO_PLATFORM });
		try {
			const results = await Promise.all(
				Array.from({ length: 601 }, () =>
					fetch(`${kit.url}/uaid/sign`, { method: 'POST' }).then(async (r) => (await r.arrayBuffer(), r.status)),
				),
			);
			expect(results.filter((s) => s === 200)).toHaveLength(600);
			expect(results.filter((s) => s === 429)).toHaveLength(1);
		} finally {
			await kit.close();
		}
	});
});
