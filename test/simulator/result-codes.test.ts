import { afterEach, describe, expect, it } from 'vitest';
import { GET_MOBILE_REQUIRED_FIELDS, RESULT_CODES, TOKEN_PATTERN, UAID_PATTERN, type ResultCodeEntry } from '../../src/protocol/index.js';
import { generateRsaKeyPair } from '../../src/protocol/node/index.js';
import type { RunningSimulator } from '../../src/simulator/index.js';
import {
	APP_ID,
	APP_KEY,
	baseApp,
	closeAll,
	code,
	desc,
	fetchToken,
	getMobile,
	post,
	signedGetMobile,
	simulator,
	validate,
	validateBody,
	type JsonAnswer,
} from './support.js';

afterEach(closeAll);

type Scenario = () => Promise<{ sim: RunningSimulator; answer: JsonAnswer }>;

const withSim =
	(run: (sim: RunningSimulator) => Promise<JsonAnswer>, options: Parameters<typeof simulator>[0] = {}): Scenario =>
	async () => {
		const sim = await simulator(options);
		return { sim, answer: await run(sim) };
	};
const appOnly = (extra: Parameters<typeof baseApp>[0]) => ({ config: { apps: [baseApp(extra)] } });

function missingFieldScenario(field: string): Scenario {
	return withSim((sim) => {
		const body: Record<string, unknown> = { ...signedGetMobile() };
		delete body[field];
		return getMobile(sim, body);
	});
}

function forced(endpoint: 'getMobile' | 'imeiTokenValidate', resultCode: string, variant?: string): Scenario {
	return withSim(async (sim) => {
		const token = endpoint === 'imeiTokenValidate' ? await fetchToken(sim) : '';
		sim.setFaults({ [endpoint]: { resultCode, variant } });
		return endpoint === 'getMobile' ? getMobile(sim) : validate(sim, token);
	});
}

/** How to reach each catalogue row without forcing it where a cause exists; a new row without a scenario fails the suite. */
const SCENARIOS: Record<string, Scenario> = {
	'getMobile/success': withSim((sim) => getMobile(sim)),
	'getMobile/validity-expired': withSim((sim) => getMobile(sim, signedGetMobile({ now: Date.parse('2025-06-01T00:00:00Z') })), {
		now: () => Date.parse('2025-06-01T00:00:00Z'),
		...appOnly({ validFrom: '2026-01-01T00:00:00+08:00', validTo: '2027-01-01T00:00:00+08:00' }),
	}),
	'getMobile/unknown-app': withSim((sim) => getMobile(sim, signedGetMobile({ appId: '300000000001' }))),
	'getMobile/no-rights': withSim((sim) => getMobile(sim), appOnly({ rights: false })),
	'getMobile/blacklisted': withSim((sim) => getMobile(sim), { config: { apps: [baseApp()], network: { mode: 'blacklisted' } } }),
	'getMobile/ability-invalid': withSim((sim) => getMobile(sim), appOnly({ abilityValid: false })),
	// The guide's rows for Wi-Fi and other carriers, with `answers.notCellular: 'guide'`; by default the observed 103111.
	'getMobile/no-number': withSim((sim) => getMobile(sim), {
		config: { apps: [baseApp()], network: { mode: 'wifi' }, answers: { notCellular: 'guide' } },
	}),
	'getMobile/not-china-mobile': withSim((sim) => getMobile(sim), {
		config: { apps: [baseApp()], network: { mode: 'other-carrier' }, answers: { notCellular: 'guide' } },
	}),
	'getMobile/gateway-ip': withSim((sim) => getMobile(sim), { config: { apps: [baseApp()], network: { mode: 'wifi' } } }),
	'getMobile/gateway-no-number': withSim((sim) => getMobile(sim), {
		config: { apps: [baseApp()], network: { mode: 'cellular-no-number' } },
	}),
	// Seen in real traffic with no cause a simulated client controls: reached through the fault API.
	'getMobile/gateway-fetch-failed': forced('getMobile', '105002'),
	'getMobile/sign-error': forced('getMobile', '103101'),
	// The vendor's H5 SDK docs and Aliyun's code table (PROTOCOL.md § 6.1): no cause a simulated client controls, but 105112.
	'getMobile/request-sign-error': forced('getMobile', '103101', 'request-sign-error'),
	'getMobile/empty-param': forced('getMobile', '130010', 'empty-param'),
	'getMobile/businessType-error': forced('getMobile', '110025', 'businessType-error'),
	// A request signed an hour ago, with the opt-in window of five minutes.
	'getMobile/timestamp-invalid': withSim((sim) => getMobile(sim, signedGetMobile({ now: Date.now() - 3_600_000 })), {
		config: { apps: [baseApp()], timestampWindowMs: 300_000 },
	}),
	'getMobile/app-id-invalid': forced('getMobile', '105113'),
	'getMobile/business-type-config': forced('getMobile', '110024'),
	'getMobile/origin-check-failed': forced('getMobile', '110026'),
	'getMobile/iot-sim': forced('getMobile', '103609'),
	'getMobile/referer-check-failed': forced('getMobile', '170001'),
	'getMobile/no-quota': forced('getMobile', '105312'),
	'getMobile/other-error': forced('getMobile', '103211'),
	'getMobile/sdk-network-error': forced('getMobile', '500'),
	'getMobile/sdk-ended': forced('getMobile', '503'),
	'imeiTokenValidate/app-not-found': forced('imeiTokenValidate', '110028'),
	'imeiTokenValidate/invalid-param': forced('imeiTokenValidate', '130030'),
	...Object.fromEntries(GET_MOBILE_REQUIRED_FIELDS.map((field) => [`getMobile/missing-${field}`, missingFieldScenario(field)])),
	'getMobile/parse-error': withSim((sim) => getMobile(sim, '{"appId": "300011580392",')),
	'getMobile/sign-invalid': withSim((sim) => getMobile(sim, signedGetMobile({ appKey: 'not-the-appkey' }))),
	'getMobile/rate-limited': withSim(
		async (sim) => {
			expect(code(await getMobile(sim))).toBe('103000');
			return getMobile(sim);
		},
		appOnly({ rateLimitPerMinute: 1 }),
	),
	// The platform's own fault has no trigger a client controls: it is reached through the fault API.
	'getMobile/system-error': withSim(async (sim) => {
		sim.setFaults({ getMobile: { resultCode: '999999' } });
		return getMobile(sim);
	}),

	'imeiTokenValidate/success': withSim(async (sim) => validate(sim, await fetchToken(sim))),
	'imeiTokenValidate/token-reused-or-expired': withSim(async (sim) => {
		const token = await fetchToken(sim);
		expect(code(await validate(sim, token))).toBe('000000');
		return validate(sim, token);
	}),
	'imeiTokenValidate/ip-not-whitelisted': withSim(
		async (sim) => validate(sim, await fetchToken(sim)),
		appOnly({ serverIps: ['10.20.30.40'] }),
	),
	'imeiTokenValidate/token-invalid': withSim((sim) => validate(sim, `H5HTTPS${'0'.repeat(32)}`)),
	'imeiTokenValidate/parse-error': withSim((sim) => post(sim.validateUrl, 'header=1&body=2')),
	'imeiTokenValidate/missing-param': withSim(async (sim) => {
		const body = await validateBody(await fetchToken(sim));
		return post(sim.validateUrl, { header: body.header, body: { sign: body.body.sign, expandParams: '' } });
	}),
	'imeiTokenValidate/sign-invalid': withSim(async (sim) =>
		validate(sim, await fetchToken(sim), { privateKey: generateRsaKeyPair({ bits: 1024 }).privateKey }),
	),
	'imeiTokenValidate/unknown-app': withSim(async (sim) => validate(sim, await fetchToken(sim), { appId: '300000000001' })),
	'imeiTokenValidate/no-rights': withSim(async (sim) => {
		const token = await fetchToken(sim);
		sim.registerApp(baseApp({ rights: false }));
		return validate(sim, token);
	}),
	'imeiTokenValidate/origin-absent': withSim(
		async (sim) => validate(sim, await fetchToken(sim)),
		appOnly({ origins: ['https://m.example.com'] }),
	),
	'imeiTokenValidate/origin-mismatch': withSim(
		async (sim) => validate(sim, await fetchToken(sim, { Origin: 'https://evil.example.net' })),
		appOnly({ origins: ['https://m.example.com'] }),
	),
	'imeiTokenValidate/system-error': withSim(async (sim) => {
		const token = await fetchToken(sim);
		sim.setFaults({ imeiTokenValidate: { resultCode: '999999' } });
		return validate(sim, token);
	}),
};

const rowName = (entry: ResultCodeEntry): string => `${entry.endpoint}/${entry.variant}`;

describe('every row of the result-code catalogue', () => {
	it('has a scenario here, and no scenario names a row that does not exist', () => {
		expect(Object.keys(SCENARIOS).sort()).toEqual(RESULT_CODES.map(rowName).sort());
	});

	for (const entry of RESULT_CODES) {
		it(`answers ${entry.code} "${entry.zh}" (${rowName(entry)})`, async () => {
			const scenario = SCENARIOS[rowName(entry)];
			expect(scenario, `no scenario for ${rowName(entry)}`).toBeDefined();
			const { sim, answer } = await scenario!();
			expect(answer.status).toBe(200);
			expect(answer.headers.get('content-type')).toBe('application/json;charset=UTF-8');
			expect(code(answer)).toBe(entry.code);
			expect(desc(answer)).toBe(entry.zh);
			expect(answer.json.body.expandParams).toBe('');
			expect(answer.json.header.timestamp).toMatch(/^\d{17}$/);
			const last = sim.log().at(-1);
			expect(last).toMatchObject({ endpoint: entry.endpoint, resultCode: entry.code, resultVariant: entry.variant, status: 200 });
			if (entry.endpoint === 'getMobile') {
				expect(Object.keys(answer.json.header).sort()).toEqual(['appId', 'msgId', 'timestamp']);
				if (entry.category === 'ok') expect(answer.json.body.token).toMatch(TOKEN_PATTERN);
				else expect(answer.json.body.token).toBeUndefined();
			} else {
				expect(Object.keys(answer.json.header).sort()).toEqual(['appId', 'msgId', 'timestamp', 'version']);
				if (entry.category === 'ok') expect(answer.json.body.UAID).toMatch(UAID_PATTERN);
				else expect(answer.json.body.UAID).toBeUndefined();
			}
		});
	}
});

describe('a forced result code', () => {
	for (const entry of RESULT_CODES.filter((e) => e.category !== 'ok')) {
		it(`can force ${rowName(entry)} with the catalogue's description`, async () => {
			const sim = await simulator();
			sim.setFaults({ [entry.endpoint]: { resultCode: entry.code, variant: entry.variant } });
			const answer = entry.endpoint === 'getMobile' ? await getMobile(sim) : await validate(sim, `H5HTTPS${'A'.repeat(32)}`);
			expect(code(answer)).toBe(entry.code);
			expect(desc(answer)).toBe(entry.zh);
			expect(sim.log().at(-1)).toMatchObject({ fault: 'resultCode', resultVariant: entry.variant });
		});
	}
});

describe('answer shapes', () => {
	it('echoes appId and msgId in the getMobile header', async () => {
		const sim = await simulator();
		const request = signedGetMobile();
		const answer = await getMobile(sim, request);
		expect(answer.json.header).toMatchObject({ appId: APP_ID, msgId: request.msgId });
	});

	it('echoes appId, msgId and the request version in the validate header', async () => {
		const sim = await simulator();
		const body = await validateBody(await fetchToken(sim));
		const answer = await post(sim.validateUrl, body);
		expect(answer.json.header).toMatchObject({ appId: APP_ID, msgId: body.header.msgId, version: '2.0' });
	});

	it('accepts the guide table spelling traceid for traceId', async () => {
		const sim = await simulator();
		const { traceId, ...rest } = signedGetMobile();
		expect(code(await getMobile(sim, { ...rest, traceid: traceId }))).toBe('103000');
	});

	it('accepts a msgId that differs from the traceId, as the guide example has it', async () => {
		const sim = await simulator();
		const { signGetMobileRequest } = await import('../../src/protocol/index.js');
		const body = signGetMobileRequest({ appId: APP_ID, appKey: APP_KEY, traceId: 'a'.repeat(32), msgId: 'b'.repeat(32) });
		expect(code(await getMobile(sim, body))).toBe('103000');
	});
});
