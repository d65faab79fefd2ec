import { buildValidateRequest, signGetMobileRequest, type GetMobileRequest, type ValidateRequest } from '../../src/protocol/index.js';
import { signRsa } from '../../src/protocol/node/index.js';
import {
	DEMO_PRIVATE_KEY,
	startSimulator,
	type RunningSimulator,
	type SimulatorAppConfig,
	type SimulatorOptions,
} from '../../src/simulator/index.js';
import { DEMO_PUBLIC_KEY } from '../../src/simulator/demo-app.js';

export const APP_ID = '300011580392';
export const APP_KEY = 'test-appkey';
export const PRIVATE_KEY = DEMO_PRIVATE_KEY;
const PUBLIC_KEY = DEMO_PUBLIC_KEY;

export const baseApp = (extra: Partial<SimulatorAppConfig> = {}): SimulatorAppConfig => ({
	appId: APP_ID,
	appKey: APP_KEY,
	publicKey: PUBLIC_KEY,
	...extra,
});

/** Starts a simulator on port 0 and records it for {@link closeAll}. */
const open: RunningSimulator[] = [];
export async function simulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
	const sim = await startSimulator({ config: { apps: [baseApp()] }, ...options });
	open.push(sim);
	return sim;
}
export async function closeAll(): Promise<void> {
	await Promise.all(open.splice(0).map((sim) => sim.close()));
}

export interface JsonAnswer {
	status: number;
	headers: Headers;
	text: string;
	json: any;
}

/** POSTs a body (string or JSON-encoded value), with no Content-Type unless given, as the vendor's script does. */
export async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<JsonAnswer> {
	const response = await fetch(url, {
		method: 'POST',
		body: typeof body === 'string' ? body : body instanceof Uint8Array ? new Blob([body as Uint8Array<ArrayBuffer>]) : JSON.stringify(body),
		headers,
	});
	const text = await response.text();
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: response.status, headers: response.headers, text, json };
}

export function signedGetMobile(options: { appId?: string; appKey?: string; now?: number } = {}): GetMobileRequest {
	return signGetMobileRequest({
		appId: options.appId ?? APP_ID,
		appKey: options.appKey ?? APP_KEY,
		...(options.now !== undefined ? { now: options.now } : {}),
	});
}

export async function getMobile(
	sim: RunningSimulator,
	body: unknown = signedGetMobile(),
	headers: Record<string, string> = {},
): Promise<JsonAnswer> {
	return post(sim.getMobileUrl, body, headers);
}

/** A fresh token from a cellular getMobile, or a failure naming what came back. */
export async function fetchToken(
	sim: RunningSimulator,
	headers: Record<string, string> = {},
	appId = APP_ID,
	appKey = APP_KEY,
): Promise<string> {
	const answer = await getMobile(sim, signedGetMobile({ appId, appKey }), headers);
	if (answer.json?.body?.resultCode !== '103000') throw new Error(`getMobile failed: ${answer.text}`);
	return answer.json.body.token as string;
}

export async function validateBody(
	token: string,
	options: { appId?: string; privateKey?: string; algorithm?: 'md5' | 'sha256' } = {},
): Promise<ValidateRequest> {
	return buildValidateRequest({
		appId: options.appId ?? APP_ID,
		token,
		sign: (content) => signRsa(content, options.privateKey ?? PRIVATE_KEY, options.algorithm ?? 'md5'),
	});
}

export async function validate(
	sim: RunningSimulator,
	token: string,
	options: { appId?: string; privateKey?: string; algorithm?: 'md5' | 'sha256'; headers?: Record<string, string> } = {},
): Promise<JsonAnswer> {
	return post(sim.validateUrl, await validateBody(token, options), options.headers ?? {});
}

export const code = (answer: JsonAnswer): string | undefined => answer.json?.body?.resultCode;
export const desc = (answer: JsonAnswer): string | undefined => answer.json?.body?.resultDesc;
