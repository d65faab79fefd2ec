/** Fixtures for the replay and impersonation tests: two apps at one simulator, a kit per app, a page. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateRsaKeyPair } from '../../src/protocol/node/index.js';
import type { GetMobileRequest } from '../../src/protocol/index.js';
import { createMemoryStore, createUaidHandler, toNodeListener, type UaidHandlerOptions, type UaidStore } from '../../src/server/index.js';
import { startSimulator, type RunningSimulator, type SimulatorAppConfig } from '../../src/simulator/index.js';

export const PAGE_ORIGIN = 'https://m.shop-a.test';
export const MSISDN = '13800138000';

export interface TestApp {
	appId: string;
	appKey: string;
	privateKey: string;
	publicKey: string;
}

function makeApp(appId: string, appKey: string): TestApp {
	const keys = generateRsaKeyPair({ bits: 1024 });
	return { appId, appKey, privateKey: keys.privateKey, publicKey: keys.publicKey };
}

/** Two unrelated integrators on one platform. */
export const APP_A = makeApp('300011580392', 'appkey-of-shop-a-secret');
export const APP_B = makeApp('300011589999', 'appkey-of-shop-b-secret');

export function simulatorApp(app: TestApp, extra: Partial<SimulatorAppConfig> = {}): SimulatorAppConfig {
	return { appId: app.appId, appKey: app.appKey, publicKey: app.publicKey, ...extra };
}

export async function startPlatform(apps: SimulatorAppConfig[]): Promise<RunningSimulator> {
	return startSimulator({ config: { apps, network: { mode: 'cellular', msisdn: MSISDN } } });
}

export interface Kit {
	url: string;
	store: UaidStore;
	close(): Promise<void>;
}

export async function startKit(app: TestApp, sim: RunningSimulator, options: Partial<UaidHandlerOptions> = {}): Promise<Kit> {
	const store = options.store ?? createMemoryStore();
	const handler = createUaidHandler({
		appId: app.appId,
		appKey: app.appKey,
		privateKey: app.privateKey,
		validateUrl: sim.validateUrl,
		allowedOrigins: [PAGE_ORIGIN],
		store,
		...options,
	});
	const server: Server = createServer(toNodeListener(handler));
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/uaid`,
		store,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

export interface Answer {
	status: number;
	json: any;
	headers: Headers;
}

export async function post(url: string, body: unknown, headers: Record<string, string> = { origin: PAGE_ORIGIN }): Promise<Answer> {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body: JSON.stringify(body),
	});
	const text = await response.text();
	return { status: response.status, json: text ? JSON.parse(text) : undefined, headers: response.headers };
}

export async function sign(kit: Kit, headers?: Record<string, string>): Promise<GetMobileRequest> {
	const answer = await post(`${kit.url}/sign`, {}, headers);
	if (answer.status !== 200) throw new Error(`sign answered ${answer.status}: ${JSON.stringify(answer.json)}`);
	return answer.json as GetMobileRequest;
}

/** What the page does at getMobile: post the signed body from its origin. */
export async function getToken(sim: RunningSimulator, signed: GetMobileRequest, origin = PAGE_ORIGIN): Promise<string> {
	const response = await fetch(sim.getMobileUrl, {
		method: 'POST',
		headers: { origin, referer: `${origin}/` },
		body: JSON.stringify(signed),
	});
	const answer = (await response.json()) as { body: { resultCode: string; token?: string } };
	if (!answer.body.token) throw new Error(`getMobile answered ${answer.body.resultCode}`);
	return answer.body.token;
}

export const validate = (kit: Kit, body: { token: string; traceId: string }, headers?: Record<string, string>): Promise<Answer> =>
	post(`${kit.url}/validate`, body, headers);

/** How many imeiTokenValidate calls reached the platform. */
export const platformValidateCalls = (sim: RunningSimulator): number =>
	sim.log().filter((entry) => entry.endpoint === 'imeiTokenValidate').length;
