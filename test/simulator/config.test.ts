import { afterEach, describe, expect, it } from 'vitest';
import { UaidError, isUaidError } from '../../src/protocol/index.js';
import { SimulatorConfigError, isSimulatorConfigError, startSimulator, type SimulatorOptions } from '../../src/simulator/index.js';
import { baseApp, closeAll, code, getMobile, simulator } from './support.js';

afterEach(closeAll);

async function startError(options: SimulatorOptions): Promise<SimulatorConfigError> {
	try {
		const sim = await startSimulator(options);
		await sim.close();
	} catch (error) {
		expect(isSimulatorConfigError(error)).toBe(true);
		return error as SimulatorConfigError;
	}
	throw new Error('startSimulator accepted a bad config');
}

describe('config validation at start', () => {
	const cases: [string, unknown, string][] = [
		['apps not an array', { apps: {} }, 'apps'],
		['an app without appId', { apps: [{ appKey: 'k' }] }, 'apps[0].appId'],
		['an empty appKey', { apps: [{ appId: '1', appKey: '' }] }, 'apps[0].appKey'],
		[
			'a public key that is not one',
			{ apps: [baseApp({ publicKey: '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----' })] },
			'apps[0].publicKey',
		],
		['an unknown signature algorithm', { apps: [baseApp({ signatureAlgorithm: 'sha1' as never })] }, 'apps[0].signatureAlgorithm'],
		['serverIps not a list', { apps: [baseApp({ serverIps: '127.0.0.1' as never })] }, 'apps[0].serverIps'],
		['a referer that is a number', { apps: [baseApp({ referers: [1 as never] })] }, 'apps[0].referers[0]'],
		['a validFrom that is not ISO', { apps: [baseApp({ validFrom: 'next monday' })] }, 'apps[0].validFrom'],
		['validTo before validFrom', { apps: [baseApp({ validFrom: '2027-01-01', validTo: '2026-01-01' })] }, 'apps[0].validTo'],
		['rights as a string', { apps: [baseApp({ rights: 'yes' as never })] }, 'apps[0].rights'],
		['a zero rate limit', { apps: [baseApp({ rateLimitPerMinute: 0 })] }, 'apps[0].rateLimitPerMinute'],
		['a duplicated appId', { apps: [baseApp(), baseApp()] }, 'apps[1].appId'],
		['a misspelt app setting', { apps: [{ ...baseApp(), publickey: 'x' }] }, 'apps[0].publickey'],
		['a negative token lifetime', { tokenTtlSeconds: -5 }, 'tokenTtlSeconds'],
		['an unknown network mode', { network: { mode: '5g' } }, 'network.mode'],
		['an unknown top-level key', { app: [] }, 'app'],
	];
	for (const [name, config, field] of cases) {
		it(`rejects ${name}, naming ${field}`, async () => {
			const error = await startError({ config: config as never });
			expect(error).toBeInstanceOf(SimulatorConfigError);
			expect(error).toBeInstanceOf(UaidError);
			expect(isUaidError(error)).toBe(true);
			expect(error.name).toBe('SimulatorConfigError');
			expect(error.code).toBe('invalid-option');
			expect(error.field).toBe(field);
			expect(error.message).toContain(field);
		});
	}

	it('rejects a bad port or clock', async () => {
		expect((await startError({ port: 70_000 })).field).toBe('port');
		expect((await startError({ now: 5 as never })).field).toBe('now');
	});

	it('accepts the issue’s example config, PEM keys included', async () => {
		const { publicKeyToPem } = await import('../../src/protocol/node/index.js');
		const sim = await simulator({
			now: () => Date.parse('2026-06-01T00:00:00+08:00'),
			config: {
				apps: [
					baseApp({
						publicKey: publicKeyToPem(baseApp().publicKey!),
						signatureAlgorithm: 'md5',
						serverIps: ['127.0.0.1'],
						origins: ['http://127.0.0.1:5173'],
						referers: ['http://127.0.0.1:5173/'],
						validFrom: '2026-01-01T00:00:00+08:00',
						validTo: '2027-01-01T00:00:00+08:00',
						rights: true,
						rateLimitPerMinute: 10000,
					}),
				],
				tokenTtlSeconds: 300,
				network: { mode: 'cellular', msisdn: '13800138000' },
			},
		});
		expect(code(await getMobile(sim))).toBe('103000');
	});

	it('starts with no apps when given no config', async () => {
		const sim = await startSimulator();
		try {
			expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
			expect(code(await getMobile(sim))).toBe('110022');
		} finally {
			await sim.close();
		}
	});
});
