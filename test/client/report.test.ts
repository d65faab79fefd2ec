import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createUaidClient, isUaidClientError } from '../../src/client/index.js';
import type { ReportRequestJson } from '../../src/protocol/index.js';
import type { UaidLogEvent } from '../../src/server/index.js';
import { platformAnswer, startFakeUaidServer, type FakeUaidServer, type RecordedRequest } from './support/fake-uaid-server.js';
import { startKitAndSimulator, type KitAndSimulator } from './support/kit-and-simulator.js';

/** The reports the fake backend received, once `count` of them are in (they are beacons: nothing waits for them). */
async function reports(server: FakeUaidServer, count = 1): Promise<RecordedRequest[]> {
	await vi.waitFor(() => expect(server.requestsTo('/uaid/report').length).toBeGreaterThanOrEqual(count), { timeout: 10_000 });
	return server.requestsTo('/uaid/report');
}

const body = (request: RecordedRequest): ReportRequestJson => JSON.parse(request.body) as ReportRequestJson;

describe('the client reports each getMobile outcome to the backend', () => {
	let server: FakeUaidServer;
	beforeEach(async () => {
		server = await startFakeUaidServer();
	});
	afterEach(async () => {
		await server.close();
	});

	const client = (extra: Parameters<typeof createUaidClient>[0] = {}) =>
		createUaidClient({ signUrl: server.signUrl, validateUrl: server.validateUrl, tokenUrl: server.tokenUrl, retries: 0, ...extra });

	it('after a token: the code, the traceId of the signed request and the time, as text/plain JSON a beacon can send, and nothing that identifies the user', async () => {
		const result = await client().start();
		const [report] = await reports(server);
		expect(report!.method).toBe('POST');
		expect(report!.headers['content-type']).toMatch(/^text\/plain/);
		expect(body(report!)).toEqual({ traceId: result.traceId, code: '103000', durationMs: expect.any(Number) });
		const token = JSON.parse(server.requestsTo('/uaid/validate')[0]!.body).token as string;
		expect(report!.body).not.toContain(token);
		expect(report!.body).not.toContain((result as { uaid: string }).uaid);
	});

	it('after a refusal: the platform code and the carrier getMobile named in msisdnOwner', async () => {
		server.on('/h5/getMobile', () => {
			const answer = platformAnswer('103111', 'WAP网关IP错误');
			(answer.body as { body: Record<string, string> }).body.msisdnOwner = 'CU';
			return answer;
		});
		const error = await client()
			.start()
			.catch((e: unknown) => e);
		expect(isUaidClientError(error) && error.code).toBe('not-cellular');
		const [report] = await reports(server);
		expect(body(report!)).toEqual({
			traceId: JSON.parse(server.requestsTo('/h5/getMobile')[0]!.body).traceId,
			code: '103111',
			carrier: 'china-unicom',
			durationMs: expect.any(Number),
		});
	});

	it('when getMobile gives no code: what the browser met instead', async () => {
		server.on('/h5/getMobile', () => 'drop');
		await client()
			.start()
			.catch(() => undefined);
		expect(body((await reports(server))[0]!).code).toBe('network');
		server.on('/h5/getMobile', () => ({ status: 502, body: '<html>bad gateway</html>', contentType: 'text/html' }));
		await client()
			.start()
			.catch(() => undefined);
		expect(body((await reports(server, 2))[1]!).code).toBe('http-error');
	});

	it('one report per getMobile call: a retried platform fault reports both calls', async () => {
		server.on('/h5/getMobile', () => platformAnswer('999999', '系统错误'));
		await client({ retries: 1 })
			.start()
			.catch(() => undefined);
		const sent = await reports(server, 2);
		expect(sent.map((r) => body(r).code)).toEqual(['999999', '999999']);
		expect(new Set(sent.map((r) => body(r).traceId)).size).toBe(2);
	});

	it('a report that fails changes nothing in the run, even a fetch that throws', async () => {
		server.on('/uaid/report', () => 'drop');
		await expect(client().start()).resolves.toMatchObject({ uaid: expect.any(String) });
		const throwing: typeof fetch = (input, init) => {
			if (String(input).endsWith('/report')) throw new TypeError('refused');
			return fetch(input, init);
		};
		await expect(client({ fetch: throwing }).start()).resolves.toMatchObject({ uaid: expect.any(String) });
	});

	it("goes to reportUrl; '' turns it off, and a sign URL outside the kit's layout has none by default", async () => {
		// The client's own fetch is called synchronously for each request: a report not asked for by now is never sent.
		const asked: string[] = [];
		const recording: typeof fetch = (input, init) => {
			const url = input instanceof Request ? input.url : String(input);
			asked.push(new URL(url).pathname);
			// ky passes a Request, the report a URL and its init.
			return input instanceof Request ? fetch(new Request(url.replace('/sign-here', '/uaid/sign'), input)) : fetch(url, init);
		};
		await client({ fetch: recording, reportUrl: `${server.url}/elsewhere/report` }).start();
		expect(asked.filter((path) => path.endsWith('/report'))).toEqual(['/elsewhere/report']);
		asked.length = 0;
		await client({ fetch: recording, reportUrl: '' }).start();
		await client({ fetch: recording, signUrl: `${server.url}/sign-here` }).start();
		expect(asked).toContain('/sign-here');
		expect(asked.filter((path) => path.endsWith('/report'))).toEqual([]);
	});
});

describe('the report reaches the server kit', () => {
	const appId = '300011580392';
	const logs: UaidLogEvent[] = [];
	let running: KitAndSimulator;
	beforeAll(async () => {
		running = await startKitAndSimulator(appId, 'report-contract-appkey', { logger: (event) => logs.push(event) });
	});
	afterAll(async () => {
		await running.close();
	});

	it('a forced getMobile 130018 is logged by the kit as an error naming the code', async () => {
		running.simulator.setFaults({ getMobile: { resultCode: '130018' } });
		const client = createUaidClient({
			signUrl: `${running.backendUrl}/uaid/sign`,
			validateUrl: `${running.backendUrl}/uaid/validate`,
			tokenUrl: running.simulator.getMobileUrl,
			retries: 0,
		});
		const error = await client.start().catch((e: unknown) => e);
		expect(isUaidClientError(error) && error.platformCode).toBe('130018');
		await vi.waitFor(() => expect(logs.some((e) => e.stage === 'report')).toBe(true), { timeout: 10_000 });
		const report = logs.find((e) => e.stage === 'report')!;
		expect(report).toMatchObject({ level: 'error', status: 204, getMobile: { code: '130018', category: 'app-config', known: true } });
		expect(report.message).toContain('getMobile answered 130018');
	});
});
