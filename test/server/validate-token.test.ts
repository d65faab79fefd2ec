import { describe, expect, it } from 'vitest';
import { isUaidServerError, validateToken } from '../../src/server/index.js';
import {
	isPlatformResultError,
	isPlatformTransportError,
	isRequestRejectedError,
	PlatformResultError,
} from '../../src/server/errors/index.js';
import { isUaidError } from '../../src/protocol/index.js';
import { KEYS, startFakePlatform } from './support.js';

const TOKEN = 'H5HTTPS0123456789ABCDEF0123456789ABCDEF';

describe('validateToken, its options', () => {
	const base = { appId: '300011580392', privateKey: KEYS.privateKey, token: TOKEN };
	it.each([
		[{ timeoutMs: -1 }, 'timeoutMs'],
		[{ timeoutMs: 'abc' as unknown as number }, 'timeoutMs'],
		[{ timeoutMs: 2 ** 32 }, 'timeoutMs'],
		[{ retries: -1 }, 'retries'],
		[{ retries: 0.5 }, 'retries'],
		[{ validateUrl: 'not a url' }, 'validateUrl'],
		[{ signatureAlgorithm: 'sha1' as never }, 'signatureAlgorithm'],
		[{ appId: '' }, 'appId'],
		[{ privateKey: 'not a key' }, 'privateKey'],
		[{ fetch: 'fetch' as never }, 'fetch'],
	])('refuses %o with invalid-option naming %s, before any call', async (bad, name) => {
		let calls = 0;
		const fetch = (async () => {
			calls++;
			return new Response('{}');
		}) as typeof globalThis.fetch;
		const error = await validateToken({ fetch, ...base, ...bad }).catch((e: unknown) => e);
		expect(isUaidServerError(error) && error.code).toBe('invalid-option');
		expect((error as Error).message).toMatch(new RegExp(`^${name}: `));
		expect(error).not.toBeInstanceOf(RangeError);
		expect(calls).toBe(0);
	});
});

describe('validateToken, the lower-level call', () => {
	it('returns the UAID and the parsed answer, after one call', async () => {
		const platform = await startFakePlatform(() => ({
			status: 200,
			body: JSON.stringify({ header: { appId: 'x' }, body: { resultCode: '000000', resultDesc: '成功', UAID: 'c'.repeat(64) } }),
		}));
		try {
			const result = await validateToken({ appId: '300011580392', privateKey: KEYS.privateKey, token: TOKEN, validateUrl: platform.url });
			expect(result).toMatchObject({ uaid: 'c'.repeat(64), attempts: 1, result: { resultCode: '000000', category: 'ok' } });
			const sent = JSON.parse(platform.received[0]!);
			expect(sent.header).toMatchObject({ appId: '300011580392', version: '2.0' });
			expect(sent.header.msgId).toMatch(/^[a-z0-9]{32}$/);
			expect(sent.body).toMatchObject({ token: TOKEN, expandParams: '' });
		} finally {
			await platform.close();
		}
	});

	it('throws a PlatformResultError carrying the platform code, its description and category', async () => {
		const platform = await startFakePlatform(() => ({
			status: 200,
			body: JSON.stringify({ header: {}, body: { resultCode: '110004', resultDesc: 'IP 不在白名单' } }),
		}));
		try {
			const error = await validateToken({
				appId: '300011580392',
				privateKey: KEYS.privateKey,
				token: TOKEN,
				validateUrl: platform.url,
			}).catch((e: unknown) => e);
			expect(error).toBeInstanceOf(PlatformResultError);
			expect(isPlatformResultError(error) && isUaidServerError(error) && isUaidError(error)).toBe(true);
			expect(isPlatformTransportError(error)).toBe(false);
			expect(error).toMatchObject({
				name: 'PlatformResultError',
				code: 'app-config',
				category: 'app-config',
				platformCode: '110004',
				resultDesc: 'IP 不在白名单',
				retryable: false,
				status: 502,
			});
		} finally {
			await platform.close();
		}
	});

	it('throws a transport error for a garbled answer and a typed rejection for an empty token', async () => {
		const platform = await startFakePlatform(() => ({ status: 200, body: '<html>oops' }));
		try {
			const garbled = await validateToken({
				appId: '300011580392',
				privateKey: KEYS.privateKey,
				token: TOKEN,
				validateUrl: platform.url,
			}).catch((e: unknown) => e);
			expect(isPlatformTransportError(garbled)).toBe(true);
			expect(garbled).toMatchObject({ code: 'platform-error', retryable: true });
			const empty = await validateToken({ appId: '300011580392', privateKey: KEYS.privateKey, token: '', validateUrl: platform.url }).catch(
				(e: unknown) => e,
			);
			expect(isRequestRejectedError(empty)).toBe(true);
			expect(platform.received).toHaveLength(1);
		} finally {
			await platform.close();
		}
	});
});
