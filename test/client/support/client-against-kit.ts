import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { createUaidClient, type UaidClientOptions } from '../../../src/client/index.js';
import type { RunningSimulator } from '../../../src/simulator/simulator.js';
import { startKitAndSimulator, type KitAndSimulator } from './kit-and-simulator.js';

/**
 * The client against the real server kit and simulator over HTTP, for one test file: both start
 * before its tests, the simulator is reset before each, and both close after.
 */
export function clientAgainstKit(appId: string, appKey: string) {
	let running: KitAndSimulator;
	beforeAll(async () => {
		running = await startKitAndSimulator(appId, appKey);
	});
	afterAll(async () => {
		await running.close();
	});
	beforeEach(() => running.simulator.reset());
	return {
		simulator: (): RunningSimulator => running.simulator,
		client: (options: UaidClientOptions = {}) =>
			createUaidClient({
				signUrl: `${running.backendUrl}/uaid/sign`,
				validateUrl: `${running.backendUrl}/uaid/validate`,
				tokenUrl: running.simulator.getMobileUrl,
				detectWifi: false,
				...options,
			}),
		getMobileCalls: () => running.simulator.log().filter((e) => e.endpoint === 'getMobile' && e.method === 'POST'),
	};
}

/** The error a run that must fail rejected with. */
export const failure = (promise: Promise<unknown>): Promise<unknown> =>
	promise.then(
		() => expect.unreachable('the run succeeded'),
		(error: unknown) => error,
	);
