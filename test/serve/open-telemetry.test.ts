/**
 * OpenTelemetry in `cmcc-uaid serve`: with an SDK registered by `node --import` (as docs/serve.md
 * says to), the kit's spans are exported; with OTEL_* variables set and no SDK, the service says so
 * in its log instead of ignoring them.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/index.js';
import { startTestSimulator } from '../server/support.js';
import { APP_KEY, configDir, killLeftovers, serveConfig, signInFlow, startServe } from './support.js';

let simulator: RunningSimulator;
beforeAll(async () => {
	simulator = await startTestSimulator();
});
afterAll(async () => {
	killLeftovers();
	await simulator?.close();
});

describe('cmcc-uaid serve and OpenTelemetry', () => {
	it("exports the kit's spans through an SDK registered with node --import", async () => {
		const dir = await configDir();
		const spansFile = join(dir, 'spans.txt');
		const serve = await startServe(
			dir,
			serveConfig(simulator.validateUrl),
			{ TEST_UAID_APP_KEY: APP_KEY, SPANS_FILE: spansFile, OTEL_SERVICE_NAME: 'uaid' },
			['--import', join(process.cwd(), 'test/serve/fixtures/otel-register.mjs')],
		);
		expect((await signInFlow(serve.url, simulator)).status).toBe(200);
		serve.child.kill('SIGTERM');
		expect(await serve.exit).toBe(0);
		const names = (await readFile(spansFile, 'utf8')).trim().split('\n');
		expect(names).toEqual(expect.arrayContaining([expect.stringContaining('sign'), expect.stringContaining('validate')]));
		expect(serve.lines.some((line) => line.msg === 'OpenTelemetry: reporting through the registered SDK')).toBe(true);
	}, 30_000);

	it('warns when OTEL_* variables are set but no SDK is registered', async () => {
		const serve = await startServe(await configDir(), serveConfig(simulator.validateUrl), {
			TEST_UAID_APP_KEY: APP_KEY,
			OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318',
		});
		const warning = await serve.line(
			(line) => line.level === 40 && typeof line.msg === 'string' && line.msg.includes('no OpenTelemetry SDK is registered'),
		);
		expect(warning.otel).toEqual(['OTEL_EXPORTER_OTLP_ENDPOINT']);
		serve.child.kill('SIGTERM');
		expect(await serve.exit).toBe(0);
	}, 30_000);
});
