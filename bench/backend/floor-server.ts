/**
 * Child process: the floor — sign and validate with nothing but the work the protocol makes
 * unavoidable, on bare `node:http`, so the kit's cost shows as the difference to it on this
 * machine, measured in the same run (issue 26 estimated it: sign ≈ HTTP + MD5 + JSON, validate
 * ≈ RSA + two HTTP exchanges).
 *
 * - `POST /uaid/sign`: the body read and parsed, a random traceId, the Beijing-time timestamp,
 *   the MD5 sign (Node's one-shot hash), the JSON answer with the headers any sign endpoint owes a
 *   page (CORS, `no-store`, `nosniff`, `Vary`). No origin check, rate limit or traceId MAC.
 * - `POST /uaid/validate`: the body read and parsed, the imeiTokenValidate body signed with
 *   MD5withRSA on libuv's thread pool, one POST to the platform over a keep-alive agent, its answer
 *   parsed, `{ uaid, traceId }` answered. No traceId check, replay store, retry, timeout or logging.
 */
import { hash, randomBytes, sign as cryptoSign, createPrivateKey } from 'node:crypto';
import { Agent, createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { childOptions, serveChild } from '../support/child.js';
import { importDist } from '../../tools/dist.js';
import { BENCH_ORIGIN } from '../support/flow-client.js';

export interface FloorServerOptions {
	/** The simulator's imeiTokenValidate URL. */
	validateUrl: string;
}

const { buildValidateRequest, formatTimestamp } = await importDist<typeof import('../../src/protocol/index.js')>('protocol/index.js');
const { DEMO_APP, DEMO_PRIVATE_KEY } = await importDist<typeof import('../../src/simulator/index.js')>('simulator/index.js');
const options = childOptions<FloorServerOptions>();
if (!options.validateUrl) throw new Error('floor-server: validateUrl is required');
const validateUrl = options.validateUrl;
const key = createPrivateKey({ key: Buffer.from(DEMO_PRIVATE_KEY, 'base64'), format: 'der', type: 'pkcs8' });
const agent = new Agent({ keepAlive: true, maxSockets: 64 });

const HEADERS = {
	'content-type': 'application/json; charset=utf-8',
	'cache-control': 'no-store',
	'x-content-type-options': 'nosniff',
	vary: 'Origin',
	'access-control-allow-origin': BENCH_ORIGIN,
	'access-control-allow-credentials': 'true',
};

function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			try {
				resolve(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>);
			} catch (error) {
				reject(error);
			}
		});
		request.on('error', reject);
	});
}

function answer(response: ServerResponse, status: number, body: unknown): void {
	const text = JSON.stringify(body);
	response.writeHead(status, { ...HEADERS, 'content-length': Buffer.byteLength(text) });
	response.end(text);
}

function sign(response: ServerResponse): void {
	const traceId = randomBytes(16).toString('hex');
	const fields = { appId: DEMO_APP.appId, businessType: '8', msgId: traceId, timestamp: formatTimestamp(), traceId, version: '1.0' };
	const content = `${fields.appId}${fields.businessType}${fields.msgId}${fields.timestamp}${fields.traceId}${fields.version}${DEMO_APP.appKey}`;
	answer(response, 200, { ...fields, sign: hash('md5', content, 'hex'), expandParams: '' });
}

function postPlatform(body: string): Promise<string> {
	return new Promise((resolve, reject) => {
		const request = httpRequest(
			validateUrl,
			{ method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
			(platform) => {
				const chunks: Buffer[] = [];
				platform.on('data', (chunk: Buffer) => chunks.push(chunk));
				platform.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
				platform.on('error', reject);
			},
		);
		request.on('error', reject);
		request.end(body);
	});
}

async function validate(body: Record<string, unknown>, response: ServerResponse): Promise<void> {
	const token = String(body.token);
	const signed = await buildValidateRequest({
		appId: DEMO_APP.appId,
		token,
		sign: (content) =>
			new Promise<string>((resolve, reject) =>
				cryptoSign('RSA-MD5', Buffer.from(content, 'utf8'), key, (error, signature) =>
					error ? reject(error) : resolve(signature.toString('base64')),
				),
			),
	});
	const platform = JSON.parse(await postPlatform(JSON.stringify(signed))) as { body?: { resultCode?: string; UAID?: string } };
	const uaid = platform.body?.UAID;
	if (platform.body?.resultCode !== '000000' || !uaid) return answer(response, 502, { error: { code: 'platform-error', platform } });
	answer(response, 200, { uaid, traceId: body.traceId });
}

const server = createServer((request, response) => {
	readJson(request)
		.then((body) => (request.url === '/uaid/validate' ? validate(body, response) : sign(response)))
		.catch((error: unknown) => {
			if (!response.headersSent) answer(response, 500, { error: { code: 'internal-error', message: String(error) } });
		});
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => serveChild(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
