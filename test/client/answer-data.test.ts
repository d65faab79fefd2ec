/**
 * What `start()` resolves when the backend has an `onUaid` hook: the hook's fields as `data`, the
 * UAID only when the backend exposes it, and `integrator-failed` as a typed error that is not
 * retried. The client against the real server kit and the simulator, over real HTTP.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUaidClient, isUaidClientError } from '../../src/client/index.js';
import { generateRsaKeyPair } from '../../src/protocol/node/keys.js';
import { createUaidHandler, toNodeListener, type UaidHandlerOptions } from '../../src/server/index.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/simulator.js';

const appId = '300011580392';
const appKey = 'client-data-appkey';
const keys = generateRsaKeyPair();
let simulator: RunningSimulator;
const servers: Server[] = [];

beforeAll(async () => {
	simulator = await startSimulator({ port: 0 });
	simulator.registerApp({ appId, appKey, publicKey: keys.publicKey });
});
afterAll(async () => {
	for (const server of servers) {
		server.closeAllConnections();
		await new Promise((resolve) => server.close(resolve));
	}
	await simulator.close();
});

async function clientFor(options: Partial<UaidHandlerOptions>) {
	const server = createServer(
		toNodeListener(
			createUaidHandler({
				appId,
				appKey,
				privateKey: keys.privateKey,
				validateUrl: simulator.validateUrl,
				logger: () => undefined,
				...options,
			}),
		),
	);
	servers.push(server);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return createUaidClient({ signUrl: `${url}/uaid/sign`, validateUrl: `${url}/uaid/validate`, tokenUrl: simulator.getMobileUrl });
}

describe('the validate answer as start() resolves it', () => {
	it('carries the hook’s fields as data next to the UAID', async () => {
		const client = await clientFor({ onUaid: () => ({ body: { userId: 'u-7', roles: ['buyer'] } }) });
		expect(await client.start()).toEqual({
			uaid: simulator.uaidFor(appId, simulator.network().msisdn),
			traceId: expect.any(String),
			data: { userId: 'u-7', roles: ['buyer'] },
		});
	});

	it('has no uaid at all when the backend keeps it (exposeUaid: false)', async () => {
		const client = await clientFor({ exposeUaid: false, onUaid: () => ({ body: { signedIn: true } }) });
		const result = await client.start();
		expect(result).toEqual({ traceId: expect.any(String), data: { signedIn: true } });
		expect('uaid' in result).toBe(false);
	});

	it('integrator-failed rejects once, not retryable, and the hook is not called again by an automatic retry', async () => {
		let calls = 0;
		const client = await clientFor({
			onUaid: () => {
				calls++;
				throw new Error('session store down');
			},
		});
		const error = await client.start().then(
			() => undefined,
			(e: unknown) => e,
		);
		expect(isUaidClientError(error)).toBe(true);
		expect(error).toMatchObject({ code: 'integrator-failed', stage: 'validate', retryable: false, status: 500 });
		expect(calls).toBe(1);
	});
});
