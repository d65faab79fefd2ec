import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateRsaKeyPair } from '../../../src/protocol/node/keys.js';
import { createUaidHandler } from '../../../src/server/adapters/create-handler.js';
import { toNodeListener } from '../../../src/server/adapters/node-listener.js';
import type { UaidHandlerOptions } from '../../../src/server/core/options.js';
import { startSimulator, type RunningSimulator } from '../../../src/simulator/simulator.js';

export interface KitAndSimulator {
	readonly simulator: RunningSimulator;
	/** The server kit's base URL, e.g. `http://127.0.0.1:40123` (endpoints under `/uaid/`). */
	readonly backendUrl: string;
	close(): Promise<void>;
}

/** The real simulator with one app, and the real server kit for that app on its own port: what the client talks to. */
export async function startKitAndSimulator(
	appId: string,
	appKey: string,
	kitOptions: Partial<UaidHandlerOptions> = {},
): Promise<KitAndSimulator> {
	const simulator = await startSimulator({ port: 0 });
	const keys = generateRsaKeyPair();
	simulator.registerApp({ appId, appKey, publicKey: keys.publicKey });
	const backend = createServer(
		toNodeListener(createUaidHandler({ appId, appKey, privateKey: keys.privateKey, validateUrl: simulator.validateUrl, ...kitOptions })),
	);
	await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve));
	return {
		simulator,
		backendUrl: `http://127.0.0.1:${(backend.address() as AddressInfo).port}`,
		async close() {
			backend.closeAllConnections();
			await new Promise((resolve) => backend.close(resolve));
			await simulator.close();
		},
	};
}
