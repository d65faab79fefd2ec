/**
 * `GET`/`POST {basePath}/coverage`: the carrier of the client IP the kit resolves, classified by
 * the `coverage` option — here `ip2regionCoverage()` over the `ip2region` package's real IPv4 and
 * IPv6 databases, with the addresses arriving through a trusted proxy's X-Forwarded-For.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Carrier } from '../../src/protocol/index.js';
import { loadIp2Region } from '../../src/server/coverage/ip2region-coverage.js';
import { createMemoryStore, createUaidHandler, ip2regionCoverage, isUaidServerError, type UaidStore } from '../../src/server/index.js';
import { APP_ID, APP_KEY, KEYS, PAGE_ORIGIN, postJson, startFakePlatform, startKit, type RunningKit } from './support.js';

// No platform call may happen here: a closed port stands in for it where nothing counts the calls.
const NO_PLATFORM = 'http://127.0.0.1:9/NumberAbility/h5/imeiTokenValidate.htm';
const TRUSTED_PROXY = { header: 'x-forwarded-for', hops: 1 } as const;

async function getCoverage(
	kit: RunningKit,
	headers: Record<string, string> = {},
): Promise<{ status: number; json: any; headers: Headers }> {
	const response = await fetch(`${kit.url}/uaid/coverage`, { headers: { origin: PAGE_ORIGIN, ...headers } });
	return { status: response.status, json: await response.json(), headers: response.headers };
}

/** Real addresses and what the package's own data says of them (the ISP name is the database's). */
const ADDRESSES: [string, string, Carrier][] = [
	['China Mobile cellular IPv4 (移动, Foshan; 117.136/16 is its mobile data)', '117.136.12.79', 'china-mobile'],
	['China Mobile cellular IPv4 (移动, Beijing; 223.104/16)', '223.104.3.1', 'china-mobile'],
	['China Mobile cellular IPv6 (中国移动CMNET网络, Guangzhou)', '2409:8954:1a0:abcd::1', 'china-mobile'],
	['China Mobile home broadband IPv6 (中国移动公众宽带): China Mobile by IP, not cellular', '2409:8a55::1', 'china-mobile'],
	['China Tietong IPv4 (铁通, China Mobile’s fixed network)', '36.192.0.1', 'china-mobile'],
	['China Unicom IPv4 (联通, Guangzhou)', '112.96.0.1', 'china-unicom'],
	['China Unicom cellular IPv6 (中国联通3GNET网络)', '2408:8456:1234::1', 'china-unicom'],
	['China Telecom IPv4 (电信, Shenzhen)', '202.96.134.133', 'china-telecom'],
	['China Telecom IPv6 (中国电信CTNET网络)', '240e:47d:c20:1627:30a3:ba0d:a5e6:ec19', 'china-telecom'],
	['China Mobile Hong Kong IPv4 (移动, 香港): not the mainland platform’s subscribers', '43.252.52.1', 'other'],
	['a foreign ISP, IPv4 (Level3, US)', '8.8.8.8', 'other'],
	['a foreign country without an ISP name, IPv4 (Australia)', '1.1.1.1', 'other'],
	['a foreign ISP, IPv6 (Google)', '2001:4860:4860::8888', 'other'],
	['a foreign country without an ISP name, IPv6 (Korea)', '2001:230::1', 'other'],
	['a private IPv4 address', '192.168.1.10', 'unknown'],
	['a private IPv4 address (10/8)', '10.1.2.3', 'unknown'],
	['carrier-grade NAT space', '100.64.1.1', 'unknown'],
	['IPv4 loopback', '127.0.0.1', 'unknown'],
	['IPv6 loopback', '::1', 'unknown'],
	['an IPv6 unique local address', 'fd12:3456::1', 'unknown'],
	['an IPv6 link-local address', 'fe80::1', 'unknown'],
	['an IPv6 link-local address with its zone', 'fe80::1%eth0', 'unknown'],
	['an IPv6 multicast address', 'ff02::1', 'unknown'],
	['an IPv6 documentation address', '2001:DB8::5', 'unknown'],
	['the IPv6 unspecified address', '::', 'unknown'],
	['an IPv4 documentation address', '198.51.100.20', 'unknown'],
	['IPv4 multicast', '239.255.255.250', 'unknown'],
	['IPv4 link-local', '169.254.10.1', 'unknown'],
	['172.16/12, at its top', '172.31.255.255', 'unknown'],
	['just outside 172.16/12: a foreign ISP (T-Mobile, US)', '172.32.0.1', 'other'],
	['just outside 100.64/10: a foreign ISP', '100.128.0.1', 'other'],
	['something that is not an address', 'not-an-ip', 'unknown'],
];

describe('the coverage endpoint with ip2regionCoverage()', () => {
	let kit: RunningKit;
	beforeAll(async () => {
		kit = await startKit({ validateUrl: NO_PLATFORM, clientIp: TRUSTED_PROXY, coverage: ip2regionCoverage() });
	});
	afterAll(async () => {
		await kit?.close();
	});

	it.each(ADDRESSES)('%s: %s → %s', async (_what, address, carrier) => {
		const answer = await getCoverage(kit, { 'x-forwarded-for': `203.0.113.7, ${address}` });
		expect(answer.status).toBe(200);
		expect(answer.json).toEqual({ carrier });
	});

	it('answers POST as GET, whatever the body, and logs the carrier with the client IP', async () => {
		const before = kit.logs.length;
		const posted = await postJson(`${kit.url}/uaid/coverage`, { anything: true }, { 'x-forwarded-for': '117.136.12.79' });
		expect(posted.status).toBe(200);
		expect(posted.json).toEqual({ carrier: 'china-mobile' });
		expect(kit.logs.slice(before)).toEqual([
			expect.objectContaining({ stage: 'coverage', status: 200, carrier: 'china-mobile', clientIp: '117.136.12.79', origin: PAGE_ORIGIN }),
		]);
	});

	it('classifies the address the trusted proxy appended, never one the client wrote to its left', async () => {
		expect((await getCoverage(kit, { 'x-forwarded-for': '117.136.12.79, 202.96.134.133' })).json).toEqual({ carrier: 'china-telecom' });
		expect((await getCoverage(kit, { 'x-forwarded-for': '202.96.134.133, 117.136.12.79' })).json).toEqual({ carrier: 'china-mobile' });
	});

	it('answers unknown when no proxy header names a client IP', async () => {
		expect((await getCoverage(kit)).json).toEqual({ carrier: 'unknown' });
	});

	it('is not cached anywhere and carries nothing but the carrier', async () => {
		const response = await fetch(`${kit.url}/uaid/coverage`, { headers: { origin: PAGE_ORIGIN, 'x-forwarded-for': '117.136.12.79' } });
		expect(response.headers.get('cache-control')).toBe('no-store');
		expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
		expect(await response.text()).toBe('{"carrier":"china-mobile"}');
	});

	it('loads the databases once per process', () => {
		expect(ip2regionCoverage()).toBe(ip2regionCoverage());
	});
});

describe('the coverage option', () => {
	it('without it, every answer is unknown', async () => {
		const kit = await startKit({ validateUrl: NO_PLATFORM, clientIp: TRUSTED_PROXY });
		try {
			expect((await getCoverage(kit, { 'x-forwarded-for': '117.136.12.79' })).json).toEqual({ carrier: 'unknown' });
		} finally {
			await kit.close();
		}
	});

	it('hands the classifier the resolved client IP (the socket address by default) and answers what it says, sync or async', async () => {
		const seen: string[] = [];
		const kit = await startKit({
			validateUrl: NO_PLATFORM,
			coverage: async (ip): Promise<Carrier> => {
				seen.push(ip);
				return 'china-mobile';
			},
		});
		try {
			expect((await getCoverage(kit, { 'x-forwarded-for': '202.96.134.133' })).json).toEqual({ carrier: 'china-mobile' });
			expect(seen).toEqual(['127.0.0.1']);
		} finally {
			await kit.close();
		}
	});

	it('is not asked when the kit finds no client IP', async () => {
		const seen: string[] = [];
		const kit = await startKit({
			validateUrl: NO_PLATFORM,
			clientIp: TRUSTED_PROXY,
			coverage: (ip) => {
				seen.push(ip);
				return 'other';
			},
		});
		try {
			expect((await getCoverage(kit)).json).toEqual({ carrier: 'unknown' });
			expect((await getCoverage(kit, { 'x-forwarded-for': '8.8.8.8' })).json).toEqual({ carrier: 'other' });
			expect(seen).toEqual(['8.8.8.8']);
		} finally {
			await kit.close();
		}
	});

	it.each([
		[
			'throws',
			() => {
				throw new Error('the carrier API is down');
			},
			'the carrier API is down',
		],
		['rejects', () => Promise.reject(new Error('lookup timed out')), 'lookup timed out'],
		[
			'returns something else than a carrier',
			() => 'cmcc' as Carrier,
			'returned "cmcc", not one of china-mobile, china-unicom, china-telecom, other, unknown',
		],
	])('a classifier that %s answers 200 unknown and is logged, never a 500', async (_what, coverage, detail) => {
		const kit = await startKit({ validateUrl: NO_PLATFORM, coverage });
		try {
			const answer = await getCoverage(kit);
			expect(answer.status).toBe(200);
			expect(answer.json).toEqual({ carrier: 'unknown' });
			expect(kit.logs.at(-1)).toMatchObject({ stage: 'coverage', status: 200, carrier: 'unknown' });
			expect(kit.logs.at(-1)?.detail).toContain(detail);
			expect(kit.logs.at(-1)?.code).toBeUndefined();
		} finally {
			await kit.close();
		}
	});

	it('a failing classifier is a warning of the default console logger, naming the failure', async () => {
		const errors = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
		const handler = createUaidHandler({
			appId: APP_ID,
			appKey: APP_KEY,
			privateKey: KEYS.privateKey,
			clientIp: TRUSTED_PROXY,
			coverage: () => {
				throw new Error('classifier bug');
			},
		});
		try {
			const response = await handler(
				new Request('https://backend.example/uaid/coverage', { headers: { 'x-forwarded-for': '117.136.12.79' } }),
			);
			expect(response.status).toBe(200);
			expect(await response.json()).toEqual({ carrier: 'unknown' });
			expect(errors).toHaveBeenCalledOnce();
			expect(String(errors.mock.calls[0]?.[0])).toMatch(/^cmcc-uaid: coverage answered 200, .*coverage failed: classifier bug/);
		} finally {
			errors.mockRestore();
		}
	});

	it('is refused at start-up when it is not a function', () => {
		expect(() =>
			createUaidHandler({ appId: APP_ID, appKey: APP_KEY, privateKey: KEYS.privateKey, coverage: 'ip2region' as never }),
		).toThrow(expect.objectContaining({ code: 'invalid-option', message: expect.stringContaining('coverage') }));
	});

	it('works the same through the Fetch handler, with the address from the trusted proxy header', async () => {
		const handler = createUaidHandler({
			appId: APP_ID,
			appKey: APP_KEY,
			privateKey: KEYS.privateKey,
			allowedOrigins: [PAGE_ORIGIN],
			clientIp: TRUSTED_PROXY,
			coverage: ip2regionCoverage(),
		});
		const ask = async (method: string, address: string) => {
			const response = await handler(
				new Request('https://backend.example/uaid/coverage', { method, headers: { origin: PAGE_ORIGIN, 'x-forwarded-for': address } }),
			);
			return { status: response.status, json: await response.json(), allowOrigin: response.headers.get('access-control-allow-origin') };
		};
		expect(await ask('GET', '2409:8954:1a0:abcd::1')).toEqual({ status: 200, json: { carrier: 'china-mobile' }, allowOrigin: PAGE_ORIGIN });
		expect(await ask('POST', '112.96.0.1')).toEqual({ status: 200, json: { carrier: 'china-unicom' }, allowOrigin: PAGE_ORIGIN });
		expect(await ask('GET', '192.168.0.2')).toEqual({ status: 200, json: { carrier: 'unknown' }, allowOrigin: PAGE_ORIGIN });
	});
});

describe('the coverage endpoint follows the sign rules', () => {
	let kit: RunningKit;
	let strictKit: RunningKit;
	beforeAll(async () => {
		kit = await startKit({ validateUrl: NO_PLATFORM, coverage: () => 'other' });
		strictKit = await startKit({ validateUrl: NO_PLATFORM, requireOrigin: true, coverage: () => 'other' });
	});
	afterAll(async () => {
		await kit?.close();
		await strictKit?.close();
	});

	it('refuses an origin outside allowedOrigins with origin-not-allowed and no CORS grant, and grants an allowed one', async () => {
		for (const method of ['GET', 'POST']) {
			const refused = await fetch(`${kit.url}/uaid/coverage`, { method, headers: { origin: 'https://evil.example' } });
			expect(refused.status).toBe(403);
			expect(((await refused.json()) as any).error.code).toBe('origin-not-allowed');
			expect(refused.headers.get('access-control-allow-origin')).toBeNull();
		}
		const allowed = await getCoverage(kit);
		expect(allowed.json).toEqual({ carrier: 'other' });
		expect(allowed.headers.get('access-control-allow-origin')).toBe(PAGE_ORIGIN);
		expect(allowed.headers.get('access-control-allow-credentials')).toBe('true');
		expect(allowed.headers.get('vary')).toBe('Origin');
		expect((await getCoverage(kit, { origin: kit.url })).status).toBe(200);
	});

	it('answers a preflight with GET and POST, and refuses one from another origin', async () => {
		const preflight = await fetch(`${kit.url}/uaid/coverage`, {
			method: 'OPTIONS',
			headers: { origin: PAGE_ORIGIN, 'access-control-request-method': 'GET' },
		});
		expect(preflight.status).toBe(204);
		expect(preflight.headers.get('access-control-allow-origin')).toBe(PAGE_ORIGIN);
		expect(preflight.headers.get('access-control-allow-methods')).toBe('GET, POST, OPTIONS');
		const refused = await fetch(`${kit.url}/uaid/coverage`, {
			method: 'OPTIONS',
			headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
		});
		expect(refused.status).toBe(403);
		// Sign stays POST only.
		const signPreflight = await fetch(`${kit.url}/uaid/sign`, {
			method: 'OPTIONS',
			headers: { origin: PAGE_ORIGIN, 'access-control-request-method': 'POST' },
		});
		expect(signPreflight.headers.get('access-control-allow-methods')).toBe('POST, OPTIONS');
	});

	it('accepts a request without Origin by default and refuses it with requireOrigin', async () => {
		expect((await fetch(`${kit.url}/uaid/coverage`)).status).toBe(200);
		const strict = await fetch(`${strictKit.url}/uaid/coverage`);
		expect(strict.status).toBe(403);
		expect(((await strict.json()) as any).error.code).toBe('origin-not-allowed');
		// A page on the backend's origin that POSTs sends Origin (browsers leave it off a same-origin GET).
		expect((await fetch(`${strictKit.url}/uaid/coverage`, { method: 'POST', headers: { origin: strictKit.url } })).status).toBe(200);
	});

	it('answers another method with method-not-allowed and Allow, and GET on sign still so', async () => {
		const put = await fetch(`${kit.url}/uaid/coverage`, { method: 'PUT', headers: { origin: PAGE_ORIGIN } });
		expect(put.status).toBe(405);
		expect(put.headers.get('allow')).toBe('GET, POST, OPTIONS');
		expect(((await put.json()) as any).error.code).toBe('method-not-allowed');
		const getSign = await fetch(`${kit.url}/uaid/sign`, { headers: { origin: PAGE_ORIGIN } });
		expect(getSign.status).toBe(405);
		expect(getSign.headers.get('allow')).toBe('POST, OPTIONS');
	});

	it("refuses another site's Origin-less request (Sec-Fetch-Site cross-site or same-site) and never counts it", async () => {
		const limited = await startKit({
			validateUrl: NO_PLATFORM,
			clientIp: TRUSTED_PROXY,
			rateLimit: { limit: 1, windowMs: 60_000 },
			coverage: () => 'china-mobile',
		});
		try {
			const visitor = { 'x-forwarded-for': '117.136.12.81' };
			for (const site of ['cross-site', 'same-site', 'cross-site']) {
				// A foreign page's no-cors GET: the browser sends no Origin, only Sec-Fetch-Site.
				const response = await fetch(`${limited.url}/uaid/coverage`, {
					headers: { 'sec-fetch-site': site, 'sec-fetch-mode': 'no-cors', ...visitor },
				});
				expect(response.status, site).toBe(403);
				expect(((await response.json()) as any).error.code).toBe('origin-not-allowed');
			}
			// The visitor's one request of the window is still there, for the page's own GETs.
			expect((await fetch(`${limited.url}/uaid/coverage`, { headers: { 'sec-fetch-site': 'same-origin', ...visitor } })).status).toBe(200);
			expect((await getCoverage(limited, visitor)).status).toBe(429);
		} finally {
			await limited.close();
		}
	});

	it('has a rate-limit budget of its own per client IP, apart from sign, with Retry-After once it is passed', async () => {
		const limited = await startKit({
			validateUrl: NO_PLATFORM,
			clientIp: TRUSTED_PROXY,
			rateLimit: { limit: 3, windowMs: 60_000 },
			coverage: () => 'china-mobile',
		});
		try {
			const from = (address: string) => ({ 'x-forwarded-for': address });
			for (let i = 0; i < 3; i++) expect((await getCoverage(limited, from('117.136.12.79'))).status).toBe(200);
			const over = await getCoverage(limited, from('117.136.12.79'));
			expect(over.status).toBe(429);
			expect(over.json.error.code).toBe('rate-limited');
			expect(over.headers.get('retry-after')).toBe('60');
			// Coverage spent its own budget, not sign's: the visitor can still sign three times.
			for (let i = 0; i < 3; i++) expect((await postJson(`${limited.url}/uaid/sign`, {}, from('117.136.12.79'))).status).toBe(200);
			expect((await postJson(`${limited.url}/uaid/sign`, {}, from('117.136.12.79'))).status).toBe(429);
			// Another address has its own bucket.
			expect((await getCoverage(limited, from('117.136.12.80'))).json).toEqual({ carrier: 'china-mobile' });
		} finally {
			await limited.close();
		}
	});

	it('never calls the platform and never touches the replay store', async () => {
		const platform = await startFakePlatform(() => ({ status: 200, body: '{}' }));
		const memory = createMemoryStore();
		const calls: string[] = [];
		const store: UaidStore = {
			consumeTrace: (...args) => (calls.push('consumeTrace'), memory.consumeTrace(...args)),
			hit: (...args) => (calls.push('hit'), memory.hit(...args)),
		};
		const watched = await startKit({
			validateUrl: `${platform.url}/NumberAbility/h5/imeiTokenValidate.htm`,
			store,
			coverage: () => 'china-mobile',
		});
		try {
			for (let i = 0; i < 3; i++) expect((await getCoverage(watched)).json).toEqual({ carrier: 'china-mobile' });
			expect((await postJson(`${watched.url}/uaid/coverage`, '')).status).toBe(200);
			expect(calls).toEqual(['hit', 'hit', 'hit', 'hit']);
			expect(platform.received).toEqual([]);
		} finally {
			await watched.close();
			await platform.close();
		}
	});
});

describe('ip2regionCoverage() without its optional peer', () => {
	it('throws invalid-option naming the package, where `ip2region` cannot be resolved', () => {
		// Node's own resolver, asked from a directory with no node_modules above it that holds the package.
		const empty = mkdtempSync(join(tmpdir(), 'cmcc-uaid-no-peer-'));
		try {
			let caught: unknown;
			try {
				loadIp2Region(join(empty, 'server.js'));
			} catch (error) {
				caught = error;
			}
			expect(isUaidServerError(caught)).toBe(true);
			expect(caught).toMatchObject({ code: 'invalid-option' });
			expect((caught as Error).message).toBe(
				'ip2regionCoverage(): needs the package "ip2region", an optional peer dependency of cmcc-uaid: npm install ip2region',
			);
			expect((caught as Error).cause).toMatchObject({ code: 'MODULE_NOT_FOUND' });
		} finally {
			rmSync(empty, { recursive: true, force: true });
		}
	});
});
