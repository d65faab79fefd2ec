import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createUaidClient, isUaidClientError } from '../../src/client/index.js';
import { startKitAndSimulator, type KitAndSimulator } from './support/kit-and-simulator.js';
import { startFakeUaidServer, type FakeUaidServer } from './support/fake-uaid-server.js';
import { freePort } from '../../tools/children.js';

// Issue 12: what one tap may cost. getMobile tokens are single-use at the platform and the sign
// endpoint is the integrator's quota, so a failing backend must not multiply either.

/** A loopback port nothing listens on: a backend that is down. */
async function closedPortUrl(path: string): Promise<string> {
	return `http://127.0.0.1:${await freePort()}${path}`;
}

const failureOf = (promise: Promise<unknown>) =>
	promise.then(
		() => expect.unreachable('the run should fail'),
		(error: unknown) => (isUaidClientError(error) ? { code: error.code, stage: error.stage } : error),
	);

describe('validate endpoint down: one getMobile per tap', () => {
	let running: KitAndSimulator;
	beforeAll(async () => {
		running = await startKitAndSimulator('300011580392', 'per-tap-appkey');
	});
	afterAll(async () => {
		await running.close();
	});

	it('a validate endpoint that is down ends the run at validate after one getMobile, however many retries are allowed', async () => {
		running.simulator.reset();
		const client = createUaidClient({
			signUrl: `${running.backendUrl}/uaid/sign`,
			validateUrl: await closedPortUrl('/uaid/validate'),
			tokenUrl: running.simulator.getMobileUrl,
			retries: 3,
		});
		expect(await failureOf(client.start())).toEqual({ code: 'network', stage: 'validate' });
		expect(running.simulator.log().filter((entry) => entry.endpoint === 'getMobile')).toHaveLength(1);
	});
});

describe('validate and sign failures against a backend that records every request', () => {
	let server: FakeUaidServer;
	beforeEach(async () => {
		server = await startFakeUaidServer();
	});
	afterEach(async () => {
		await server.close();
	});
	const client = (retries = 1) =>
		createUaidClient({ signUrl: server.signUrl, validateUrl: server.validateUrl, tokenUrl: server.tokenUrl, retries });
	const tokensValidated = () => server.requestsTo('/uaid/validate').map((request) => (JSON.parse(request.body) as { token: string }).token);

	it('a validate that got no answer is sent once more with the same token, and the run succeeds with one getMobile', async () => {
		let calls = 0;
		server.on('/uaid/validate', () => (++calls === 1 ? 'drop' : undefined));
		expect(await client().start()).toMatchObject({ uaid: expect.any(String) });
		expect(server.requestsTo('/h5/getMobile')).toHaveLength(1);
		const tokens = tokensValidated();
		expect(tokens).toHaveLength(2);
		expect(tokens[1]).toBe(tokens[0]);
	});

	it('a validate that was answered with a retryable failure is not sent again, and no new getMobile is spent', async () => {
		server.on('/uaid/validate', () => ({
			status: 502,
			body: { error: { code: 'validate-outcome-unknown', message: 'lost', platformCode: '120009', retryable: true } },
		}));
		expect(await failureOf(client(3).start())).toEqual({ code: 'validate-outcome-unknown', stage: 'validate' });
		expect(server.requestsTo('/h5/getMobile')).toHaveLength(1);
		expect(server.requestsTo('/uaid/validate')).toHaveLength(1);
	});

	it('with retries: 0 a validate without an answer is not sent again', async () => {
		server.on('/uaid/validate', () => 'drop');
		expect(await failureOf(client(0).start())).toEqual({ code: 'network', stage: 'validate' });
		expect(server.requestsTo('/uaid/validate')).toHaveLength(1);
	});

	it('sign endpoint 500: a failed prefetch counts as the first attempt, so a tap costs two sign requests in all', async () => {
		server.on('/uaid/sign', () => ({ status: 500, body: 'oops' }));
		const uaid = client();
		await uaid.prefetch();
		expect(await failureOf(uaid.start())).toEqual({ code: 'http-error', stage: 'sign' });
		expect(server.requestsTo('/uaid/sign')).toHaveLength(2);
		expect(server.requestsTo('/h5/getMobile')).toHaveLength(0);
	});

	it('sign endpoint 500 without a prefetch: the try and one retry, however many retries are allowed', async () => {
		server.on('/uaid/sign', () => ({ status: 500, body: 'oops' }));
		expect(await failureOf(client(3).start())).toEqual({ code: 'http-error', stage: 'sign' });
		expect(server.requestsTo('/uaid/sign')).toHaveLength(2);
	});

	it('a failed prefetch is not repeated before the next run, which fetches its own and succeeds', async () => {
		let fail = true;
		server.on('/uaid/sign', () => (fail ? { status: 500, body: 'oops' } : undefined));
		const uaid = client();
		await uaid.prefetch();
		fail = false;
		await uaid.prefetch();
		expect(await uaid.start()).toMatchObject({ uaid: expect.any(String) });
		expect(server.requestsTo('/uaid/sign')).toHaveLength(2);
	});
});

describe('client.coverage()', () => {
	let running: KitAndSimulator;
	beforeAll(async () => {
		running = await startKitAndSimulator('300011580392', 'coverage-appkey', {
			coverage: (ip) => (ip === '127.0.0.1' ? 'other' : 'unknown'),
		});
	});
	afterAll(async () => {
		await running.close();
	});

	it("asks the kit's coverage endpoint beside the sign URL by default and resolves its carrier", async () => {
		expect(await createUaidClient({ signUrl: `${running.backendUrl}/uaid/sign` }).coverage()).toBe('other');
	});

	it('takes an explicit coverageUrl', async () => {
		expect(await createUaidClient({ signUrl: '/elsewhere', coverageUrl: `${running.backendUrl}/uaid/coverage` }).coverage()).toBe('other');
	});

	it('resolves unknown, never rejects, when the endpoint is down, answers garbage or is turned off', async () => {
		const fake = await startFakeUaidServer();
		try {
			fake.on('/uaid/coverage', () => ({ body: { carrier: 'china-mobile-hk' } }));
			expect(await createUaidClient({ coverageUrl: `${fake.url}/uaid/coverage` }).coverage()).toBe('unknown');
			fake.on('/uaid/coverage', () => ({ status: 500, body: 'down' }));
			expect(await createUaidClient({ coverageUrl: `${fake.url}/uaid/coverage` }).coverage()).toBe('unknown');
			expect(await createUaidClient({ coverageUrl: await closedPortUrl('/uaid/coverage') }).coverage()).toBe('unknown');
			const before = fake.requests.length;
			expect(await createUaidClient({ signUrl: `${fake.url}/uaid/sign`, coverageUrl: '' }).coverage()).toBe('unknown');
			// A sign URL that is not the kit's layout has no coverage URL beside it.
			expect(await createUaidClient({ signUrl: `${fake.url}/sign-here` }).coverage()).toBe('unknown');
			expect(fake.requests.length).toBe(before);
		} finally {
			await fake.close();
		}
	});
});
