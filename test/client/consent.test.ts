/**
 * `start({ consent })` (issue 27): the version goes with sign and validate and reaches the kit's
 * `onUaid`; a request fetched ahead is used only for the same consent; the kit refuses a bad
 * version before the platform is asked; without consent the bodies are what they were.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createUaidClient } from '../../src/client/index.js';
import type { UaidHandlerOptions, UaidLogEvent } from '../../src/server/index.js';
import { startFakeUaidServer, type FakeUaidServer } from './support/fake-uaid-server.js';
import { startKitAndSimulator, type KitAndSimulator } from './support/kit-and-simulator.js';

type Context = Parameters<NonNullable<UaidHandlerOptions['onUaid']>>[1];

describe('start({ consent }) against the kit and the simulator', () => {
	let running: KitAndSimulator;
	const contexts: Context[] = [];
	const logs: UaidLogEvent[] = [];
	const client = () =>
		createUaidClient({
			signUrl: `${running.backendUrl}/uaid/sign`,
			validateUrl: `${running.backendUrl}/uaid/validate`,
			tokenUrl: running.simulator.getMobileUrl,
			retries: 0,
		});

	beforeAll(async () => {
		running = await startKitAndSimulator('300011580392', 'consent-appkey', {
			onUaid: (_result, context) => void contexts.push(context),
			logger: (event) => logs.push(event),
		});
	});
	afterAll(async () => {
		await running.close();
	});

	it('hands the version to onUaid as context.consent, with the grant the kit made', async () => {
		const result = await client().start({ consent: { version: '2026-05' } });
		expect(contexts.at(-1)?.consent).toEqual({ version: '2026-05', grantedAt: expect.any(String), grantId: expect.any(String) });
		const lines = logs.filter((event) => event.traceId === result.traceId);
		expect(lines.find((event) => event.stage === 'sign')?.consentVersion).toBe('2026-05');
		expect(lines.find((event) => event.stage === 'validate')).toMatchObject({
			consentVersion: '2026-05',
			grantId: contexts.at(-1)!.consent!.grantId,
		});
	});

	it('takes a request fetched ahead with the same consent, and signs anew for another', async () => {
		const uaid = client();
		const signs = () => logs.filter((event) => event.stage === 'sign').length;
		let before = signs();
		await uaid.prefetch({ consent: { version: 'v1' } });
		const same = await uaid.start({ consent: { version: 'v1' } });
		expect(signs() - before).toBe(1);
		expect(logs.find((event) => event.stage === 'sign' && event.traceId === same.traceId)?.consentVersion).toBe('v1');

		// Fetched before the user agreed: not the request of a run with consent.
		before = signs();
		await uaid.prefetch();
		const other = await uaid.start({ consent: { version: 'v1' } });
		expect(signs() - before).toBe(2);
		expect(logs.find((event) => event.stage === 'sign' && event.traceId === other.traceId)?.consentVersion).toBe('v1');
		expect(contexts.at(-1)?.consent?.version).toBe('v1');
	});

	it.each([[''], ['v'.repeat(65)], ['v1\u0000'], [' v1'], [42]])(
		'a version the kit refuses (%j) fails the run with bad-request at sign, before getMobile',
		async (version) => {
			running.simulator.reset();
			const error = await client()
				.start({ consent: { version: version as string } })
				.catch((caught: unknown) => caught);
			expect(error).toMatchObject({ name: 'UaidClientError', code: 'bad-request', stage: 'sign', retryable: false });
			expect(running.simulator.log().filter((entry) => entry.endpoint === 'getMobile')).toHaveLength(0);
		},
	);
});

describe('start({ consent }) on the wire', () => {
	let server: FakeUaidServer;
	beforeEach(async () => {
		server = await startFakeUaidServer();
	});
	afterEach(async () => {
		await server.close();
	});
	const clientFor = () =>
		createUaidClient({ signUrl: server.signUrl, validateUrl: server.validateUrl, tokenUrl: server.tokenUrl, retries: 0 });
	const bodies = (path: string) => server.requestsTo(path).map((request) => JSON.parse(request.body) as Record<string, unknown>);

	it('sends { consent: { version } } with sign and validate', async () => {
		await clientFor().start({ consent: { version: '隐私政策 第3版' } });
		expect(bodies('/uaid/sign')).toEqual([{ consent: { version: '隐私政策 第3版' } }]);
		expect(bodies('/uaid/validate')).toEqual([
			{ token: expect.any(String), traceId: expect.any(String), consent: { version: '隐私政策 第3版' } },
		]);
	});

	it('sends { consent: {} } for a consent without a version, and nothing else the caller put there', async () => {
		await clientFor().start({ consent: { extra: 'dropped' } as { version?: string } });
		expect(bodies('/uaid/sign')).toEqual([{ consent: {} }]);
		expect(bodies('/uaid/validate')[0]?.consent).toEqual({});
	});

	it('without consent, the bodies are what they were: no extra byte', async () => {
		await clientFor().start();
		expect(server.requestsTo('/uaid/sign').map((request) => request.body)).toEqual(['{}']);
		expect(Object.keys(bodies('/uaid/validate')[0]!).sort()).toEqual(['token', 'traceId']);
	});

	it('sends the consent the next run will have: a request fetched ahead with another is dropped', async () => {
		const client = clientFor();
		await client.prefetch({ consent: { version: 'v1' } });
		await client.start({ consent: { version: 'v2' } });
		expect(bodies('/uaid/sign')).toEqual([{ consent: { version: 'v1' } }, { consent: { version: 'v2' } }]);
		const traceIds = server.requestsTo('/h5/getMobile').map((request) => (JSON.parse(request.body) as { traceId: string }).traceId);
		expect(traceIds).toEqual([(bodies('/uaid/validate')[0] as { traceId: string }).traceId]);
	});
});
