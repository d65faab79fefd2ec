import { createRequire } from 'node:module';
import { isIP } from 'node:net';
import type { Carrier } from '../../protocol/index.js';
import { unmapIpv4 } from '../../protocol/node/ip-address.js';
import { invalidOption } from '../errors/index.js';

/**
 * What the `ip2region` package (an optional peer dependency) answers. Its own types stay out of
 * ours, so an app without it still compiles. IPv4 addresses come from its ip2region database
 * (`country`, `province`, `isp` such as `移动`); IPv6 ones from its ZX IPv6 database, whose raw
 * area (`中国广东省广州市`) is in `data` and whose network name (`中国移动CMNET网络`) is in `isp`.
 */
interface Ip2RegionEntry {
	country: string;
	province: string;
	isp: string;
	data?: string;
}

interface Ip2RegionSearcher {
	searchRaw(ip: string, parse: true): Ip2RegionEntry | null;
}

type Ip2RegionModule = { default: new () => Ip2RegionSearcher };

/** The package this adapter needs. */
const IP2REGION_PACKAGE = 'ip2region';

// Addresses no database can place on a carrier: private, loopback, link-local, carrier-grade NAT,
// documentation, multicast and reserved ranges (RFC 6890). The databases label them in prose
// (内网IP, 局域网), which must not read as a network name. Checked here rather than with
// net.BlockList, whose check costs more than the lookup itself.
const SPECIAL_IPV4: readonly (readonly [network: number, prefix: number])[] = [
	[0x00000000, 8],
	[0x0a000000, 8],
	[0x64400000, 10],
	[0x7f000000, 8],
	[0xa9fe0000, 16],
	[0xac100000, 12],
	[0xc0000000, 24],
	[0xc0000200, 24],
	[0xc0a80000, 16],
	[0xc6120000, 15],
	[0xc6336400, 24],
	[0xcb007100, 24],
	[0xe0000000, 3],
];

function isSpecialPurpose(address: string, family: number): boolean {
	if (family === 4) {
		const [a = 0, b = 0, c = 0, d = 0] = address.split('.').map(Number);
		const value = ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
		return SPECIAL_IPV4.some(([network, prefix]) => value >>> (32 - prefix) === network >>> (32 - prefix));
	}
	const colon = address.indexOf(':');
	const head = colon === 0 ? 0 : Number.parseInt(address.slice(0, colon), 16);
	// ::/7 (the unspecified address, loopback, IPv4-compatible and the discard prefix), fc00::/7
	// (unique local), fe80::/9 (link-local and the old site-local), ff00::/8 (multicast), 2001:db8::/32.
	return (
		head < 0x200 ||
		(head & 0xfe00) === 0xfc00 ||
		(head & 0xff80) === 0xfe80 ||
		head >= 0xff00 ||
		(head === 0x2001 && /^2001:0*db8:/i.test(address))
	);
}

/** China Mobile's networks: `移动`/`铁通` (IPv4), `中国移动…`/`中国铁通…` (IPv6), but not China Mobile International's backbone abroad. */
const CHINA_MOBILE_ISP = /^(?:移动|铁通)$|^中国(?:移动(?!国际)|铁通)/;
/** China Unicom's networks: `联通`/`网通` (China Netcom, merged into Unicom) (IPv4), `中国联通…`/`中国网通…` (IPv6). */
const CHINA_UNICOM_ISP = /^(?:联通|网通)$|^中国(?:联通|网通)(?!国际)/;
/** China Telecom's networks: `电信` (IPv4), `中国电信…` (IPv6, such as 中国电信CHINANET). */
const CHINA_TELECOM_ISP = /^电信$|^中国电信(?!国际)/;
/** Mainland China: Hong Kong, Macao and Taiwan have carriers of their own (China Mobile Hong Kong is one of them). */
const MAINLAND = /^中国(?!香港|澳门|台湾)/;
/** What the databases write where they know no network or no place. */
const NO_NAME = new Set(['', '0', '内网IP', '未知', '未知地区', '全球', '局域网', 'IANA保留地址']);

/**
 * The carrier an ip2region entry names (its ISP field). In mainland China, China Mobile is
 * `china-mobile`, China Unicom (联通) `china-unicom` and China Telecom (电信) `china-telecom`; any
 * other known network (教育网, a cloud, a foreign ISP) is `other`, and so is a named country outside
 * the mainland; what names neither is `unknown`.
 */
function carrierOfEntry(entry: Ip2RegionEntry): Carrier {
	const place = entry.data ?? `${entry.country}${entry.province}`;
	const isp = entry.isp.trim();
	if (MAINLAND.test(place)) {
		if (CHINA_MOBILE_ISP.test(isp)) return 'china-mobile';
		if (CHINA_UNICOM_ISP.test(isp)) return 'china-unicom';
		if (CHINA_TELECOM_ISP.test(isp)) return 'china-telecom';
		return NO_NAME.has(isp) ? 'unknown' : 'other';
	}
	if (!NO_NAME.has(isp)) return 'other';
	// A region such as 亚太地区 (Asia-Pacific) may be China: only a named country rules it out.
	return NO_NAME.has(place) || place.endsWith('地区') ? 'unknown' : 'other';
}

/**
 * Loads the package once, resolving it as `from` would (the kit's own location by default).
 * @throws {UaidServerError} `invalid-option` naming the package when it is missing or cannot load its databases.
 */
export function loadIp2Region(from: string | URL = import.meta.url): Ip2RegionSearcher {
	let loaded: Ip2RegionModule;
	try {
		loaded = createRequire(from)(IP2REGION_PACKAGE) as Ip2RegionModule;
	} catch (cause) {
		if ((cause as { code?: unknown }).code === 'MODULE_NOT_FOUND')
			throw invalidOption(
				'ip2regionCoverage()',
				`needs the package "${IP2REGION_PACKAGE}", an optional peer dependency of cmcc-uaid: npm install ${IP2REGION_PACKAGE}`,
				cause,
			);
		throw invalidOption(
			'ip2regionCoverage()',
			`could not load the package "${IP2REGION_PACKAGE}": ${cause instanceof Error ? cause.message : String(cause)}`,
			cause,
		);
	}
	try {
		// Reads the IPv4 and IPv6 databases (11 MB) into memory: every lookup after this is in memory.
		return new loaded.default();
	} catch (cause) {
		throw invalidOption(
			'ip2regionCoverage()',
			`the package "${IP2REGION_PACKAGE}" could not read its databases: ${cause instanceof Error ? cause.message : String(cause)}`,
			cause,
		);
	}
}

let classifier: ((ip: string) => Carrier) | undefined;

/**
 * A `coverage` classifier over the open-source ip2region database, from the npm package
 * `ip2region` (an optional peer dependency: `npm install ip2region`). It is loaded on the first
 * call, once per process; lookups are synchronous and in memory.
 *
 * `china-mobile` means China Mobile's network in mainland China: UAID *may* work there. It does
 * not say cellular — China Mobile's home broadband (中国移动公众宽带, 铁通) is China Mobile by IP too,
 * and UAID works only on cellular data.
 *
 * @throws {UaidServerError} `invalid-option` when the package is missing (its message names it) or cannot read its databases.
 * @example createUaidHandler({ ...options, coverage: ip2regionCoverage() })
 */
export function ip2regionCoverage(): (ip: string) => Carrier {
	if (classifier) return classifier;
	const searcher = loadIp2Region();
	classifier = (ip) => {
		const address = unmapIpv4(ip.trim());
		const family = isIP(address);
		if (family === 0 || isSpecialPurpose(address, family)) return 'unknown';
		const entry = searcher.searchRaw(address, true);
		return entry ? carrierOfEntry(entry) : 'unknown';
	};
	return classifier;
}
