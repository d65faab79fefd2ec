import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createUaidClient, isUaidClientError, type UaidClientOptions } from '../../src/client/index.js';
import { resolveClientOptions } from '../../src/client/options.js';
import { startFakeUaidServer, type FakeUaidServer } from './support/fake-uaid-server.js';

let server: FakeUaidServer;
beforeEach(async () => {
	server = await startFakeUaidServer();
});
afterEach(async () => {
	await server.close();
});

const clientFor = (options: UaidClientOptions = {}) =>
	createUaidClient({ signUrl: server.signUrl, validateUrl: server.validateUrl, tokenUrl: server.tokenUrl, ...options });

describe('runs', () => {
	it('a second start() while one runs joins it', async () => {
		const client = clientFor();
		const first = client.start();
		const second = client.start();
		expect(second).toBe(first);
		expect(client.running).toBe(true);
		await first;
		expect(client.running).toBe(false);
		expect(server.requestsTo('/h5/getMobile')).toHaveLength(1);
	});

	it('reset() aborts the run: it rejects with aborted and its late answers are dropped', async () => {
		let release!: () => void;
		const held = new Promise<void>((resolve) => (release = resolve));
		server.on('/h5/getMobile', async () => {
			await held;
			return undefined;
		});
		const tokens: unknown[] = [];
		const progress: string[] = [];
		const client = clientFor({ onToken: (t) => tokens.push(t), onProgress: (p) => progress.push(`${p.stage}:${p.phase}`) });
		const run = client.start();
		await waitFor(() => server.requestsTo('/h5/getMobile').length === 1);
		client.reset();
		release();
		await expect(run).rejects.toMatchObject({ name: 'UaidClientError', code: 'aborted', retryable: false });
		expect(tokens).toEqual([]);
		expect(progress).not.toContain('token:done');
		expect(server.requestsTo('/uaid/validate')).toHaveLength(0);
		expect(client.running).toBe(false);
	});

	it('after reset() a new start() begins a new run', async () => {
		server.on('/h5/getMobile', () => ({ body: {}, delayMs: 300 }));
		const client = clientFor({ retries: 0 });
		const aborted = client.start();
		client.reset();
		await expect(aborted).rejects.toMatchObject({ code: 'aborted' });
		server.on('/h5/getMobile', () => undefined);
		await expect(client.start()).resolves.toMatchObject({ uaid: expect.any(String) });
	});

	it("the caller's AbortSignal ends the run with aborted", async () => {
		server.on('/uaid/sign', () => ({ body: {}, delayMs: 500 }));
		const controller = new AbortController();
		const run = clientFor().start({ signal: controller.signal });
		controller.abort();
		await expect(run).rejects.toMatchObject({ code: 'aborted' });
	});

	it('an already aborted signal fails the run at once without a platform call', async () => {
		const run = clientFor().start({ signal: AbortSignal.abort() });
		await expect(run).rejects.toMatchObject({ code: 'aborted' });
		expect(server.requestsTo('/h5/getMobile')).toHaveLength(0);
	});
});

describe('options', () => {
	it('rejects a timeoutMs, prefetchMaxAgeMs or retries that make no sense with invalid-option, naming it', () => {
		const cases: [UaidClientOptions, string][] = [
			[{ timeoutMs: 0 }, 'timeoutMs'],
			[{ timeoutMs: Number.NaN }, 'timeoutMs'],
			[{ prefetchMaxAgeMs: -1 }, 'prefetchMaxAgeMs'],
			[{ retries: -1 }, 'retries'],
			[{ retries: 1.5 }, 'retries'],
		];
		for (const [options, name] of cases) {
			let error: unknown;
			try {
				createUaidClient(options);
			} catch (e) {
				error = e;
			}
			expect(isUaidClientError(error) && { code: error.code, retryable: error.retryable }).toEqual({
				code: 'invalid-option',
				retryable: false,
			});
			expect((error as Error).message).toMatch(new RegExp(`^${name} must`));
		}
	});

	it('has the documented defaults', () => {
		expect(resolveClientOptions()).toMatchObject({
			signUrl: '/uaid/sign',
			validateUrl: '/uaid/validate',
			tokenUrl: 'https://verify.cmpassport.com/h5/getMobile',
			timeoutMs: 10_000,
			detectWifi: true,
			prefetchMaxAgeMs: 120_000,
			retries: 1,
			credentials: 'same-origin',
		});
	});
});

describe("the integrator's callbacks", () => {
	it('a throwing onProgress or onToken is reported once each on the console, and the run succeeds with one getMobile', async () => {
		const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
		try {
			const failure = new Error('integrator bug');
			const client = clientFor({
				onProgress: () => {
					throw failure;
				},
				onToken: () => {
					throw failure;
				},
			});
			await expect(client.start()).resolves.toMatchObject({ uaid: expect.any(String) });
			expect(server.requestsTo('/h5/getMobile')).toHaveLength(1);
			expect(server.requestsTo('/uaid/sign')).toHaveLength(1);
			const calls = consoleError.mock.calls.map(([message]) => String(message));
			expect(calls.filter((message) => message.includes('onToken'))).toHaveLength(1);
			// One report per throw: six progress reports (start and done of three stages), each reported.
			expect(calls.filter((message) => message.includes('onProgress'))).toHaveLength(6);
			expect(consoleError.mock.calls.every(([, error]) => error === failure)).toBe(true);
		} finally {
			consoleError.mockRestore();
		}
	});
});

async function waitFor(condition: () => boolean): Promise<void> {
	while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}
