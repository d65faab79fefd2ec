/**
 * The fault matrix, end to end (browser → backend → simulator): each fault, at each hop it can
 * happen on, must reach the page as the right `uaid-error`; no request may be left hanging once
 * the outcome is in; and when the fault clears, the retry button must succeed — so no traceId or
 * token of the failed attempt is left in a state that blocks the next one.
 *
 * The page gives each request CLIENT_TIMEOUT_MS (3 s); the backend gives the platform
 * BACKEND_PLATFORM_TIMEOUT_MS (1.5 s). Injected latencies exceed those.
 */
import type { Page } from '@playwright/test';
import type { FaultSpec } from '../src/simulator/faults.js';
import {
	BACKEND_PLATFORM_TIMEOUT_MS,
	CLIENT_TIMEOUT_MS,
	expect,
	instrument,
	runOnce,
	test,
	type FaultStack,
	type Outcome,
} from './faults-fixture.js';

interface Cell {
	name: string;
	/** Switches the fault on. */
	inject(stack: FaultStack): Promise<void> | void;
	/** Switches it off again. */
	clear(stack: FaultStack): Promise<void> | void;
	expected: { code: string; stage: string; platformCode?: string; retryable: boolean };
}

const platformFault = (endpoint: 'getMobile' | 'imeiTokenValidate', spec: FaultSpec): Pick<Cell, 'inject' | 'clear'> => ({
	inject: (stack) => void stack.simulator.setFaults({ [endpoint]: spec }),
	clear: (stack) => stack.simulator.clearFaults(),
});

const MATRIX: Cell[] = [
	// browser → platform (getMobile)
	{
		name: 'getMobile: latency beyond the page timeout',
		...platformFault('getMobile', { latencyMs: CLIENT_TIMEOUT_MS + 2_000 }),
		expected: { code: 'timeout', stage: 'token', retryable: true },
	},
	{
		name: 'getMobile: dropped connection',
		...platformFault('getMobile', { drop: true }),
		expected: { code: 'network', stage: 'token', retryable: true },
	},
	{
		name: 'getMobile: HTTP 503',
		...platformFault('getMobile', { httpStatus: 503 }),
		expected: { code: 'http-error', stage: 'token', retryable: true },
	},
	{
		name: 'getMobile: garbled JSON',
		...platformFault('getMobile', { garbled: true }),
		expected: { code: 'invalid-response', stage: 'token', retryable: true },
	},
	{
		name: 'getMobile: 999999',
		...platformFault('getMobile', { resultCode: '999999' }),
		expected: { code: 'platform-error', stage: 'token', platformCode: '999999', retryable: true },
	},
	// backend → platform (imeiTokenValidate)
	{
		name: 'imeiTokenValidate: latency beyond the backend timeout',
		...platformFault('imeiTokenValidate', { latencyMs: BACKEND_PLATFORM_TIMEOUT_MS + 1_000 }),
		expected: { code: 'timeout', stage: 'validate', retryable: true },
	},
	{
		name: 'imeiTokenValidate: dropped connection',
		...platformFault('imeiTokenValidate', { drop: true }),
		expected: { code: 'platform-unreachable', stage: 'validate', retryable: true },
	},
	{
		name: 'imeiTokenValidate: HTTP 503',
		...platformFault('imeiTokenValidate', { httpStatus: 503 }),
		expected: { code: 'platform-error', stage: 'validate', retryable: true },
	},
	{
		name: 'imeiTokenValidate: garbled JSON',
		...platformFault('imeiTokenValidate', { garbled: true }),
		expected: { code: 'platform-error', stage: 'validate', retryable: true },
	},
	{
		name: 'imeiTokenValidate: 999999',
		...platformFault('imeiTokenValidate', { resultCode: '999999' }),
		expected: { code: 'platform-error', stage: 'validate', platformCode: '999999', retryable: true },
	},
	// browser → backend
	{
		name: 'the backend is down',
		inject: (stack) => stack.setBackendDown(true),
		clear: (stack) => stack.setBackendDown(false),
		expected: { code: 'network', stage: 'sign', retryable: true },
	},
	// backend → Redis
	{
		name: 'Redis is down',
		inject: (stack) => stack.stopRedis(),
		clear: async (stack) => {
			await stack.startRedis();
			await stack.redisReady();
		},
		expected: { code: 'store-unavailable', stage: 'sign', retryable: true },
	},
];

function expectError(outcome: Outcome, expected: Cell['expected']): void {
	expect(outcome.type, JSON.stringify(outcome.detail)).toBe('uaid-error');
	expect(outcome.detail).toMatchObject(expected);
	if (expected.platformCode === undefined) expect(outcome.detail.platformCode).toBeUndefined();
	expect(typeof outcome.detail.message).toBe('string');
}

async function expectRecovered(page: Page, stack: FaultStack): Promise<void> {
	const outcome = await runOnce(page, 'retry');
	expect(outcome.type, JSON.stringify(outcome.detail)).toBe('uaid-success');
	expect(outcome.detail.uaid).toBe(stack.expectedUaid);
}

test.describe('fault matrix: the right uaid-error, nothing left hanging, retry recovers', () => {
	for (const cell of MATRIX) {
		test(cell.name, async ({ page, stack }) => {
			const requests = await instrument(page);
			await page.goto(stack.url);
			await cell.inject(stack);
			// The outcome must arrive by itself (bounded by the test timeout), as an error, not as a hang.
			expectError(await runOnce(page, 'button'), cell.expected);
			// Every request the page made has ended: none was left waiting past its timeout.
			await expect.poll(() => requests.pending(), { timeout: 5_000 }).toBe(0);
			await cell.clear(stack);
			await expectRecovered(page, stack);
			await expect.poll(() => requests.pending(), { timeout: 5_000 }).toBe(0);
		});
	}

	test('Redis restarted between sign and validate: the traceId survives (it carries its own expiry and MAC, issue 30), the run succeeds with one getMobile', async ({
		page,
		stack,
	}) => {
		const requests = await instrument(page);
		const validateAnswers: number[] = [];
		page.on('response', (response) => {
			if (response.url().endsWith('/uaid/validate')) validateAnswers.push(response.status());
		});
		let restarted = false;
		await page.route('**/uaid/validate', async (route) => {
			if (!restarted) {
				restarted = true;
				// The restart lands after sign and before validate: sign stored nothing, so nothing is lost.
				await stack.stopRedis();
				await stack.startRedis();
				await stack.redisReady();
			}
			await route.continue();
		});
		await page.goto(stack.url);
		const outcome = await runOnce(page, 'button');
		expect(outcome.type, JSON.stringify(outcome.detail)).toBe('uaid-success');
		expect(outcome.detail.uaid).toBe(stack.expectedUaid);
		expect(stack.simulator.log().filter((entry) => entry.endpoint === 'getMobile' && !entry.preflight)).toHaveLength(1);
		expect(validateAnswers).toEqual([200]);
		await expect.poll(() => requests.pending(), { timeout: 5_000 }).toBe(0);
	});
});
