/**
 * `@opentelemetry/api` is an optional peer dependency: an app that did not install it runs the kit
 * as before, and nothing of OpenTelemetry is loaded. Proved in a child process whose module hooks
 * make every @opentelemetry package unresolvable, as in a project that never installed one.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'cmcc-uaid-no-otel-'));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('without @opentelemetry/api installed', () => {
	it('a whole flow and validateToken work, the kit asked for the API once, and no OpenTelemetry module loaded', async () => {
		const log = join(scratch, 'hooks.log');
		writeFileSync(log, '');
		const { stdout, stderr } = await run(
			process.execPath,
			['--import', 'tsx', '--import', join(fixtures, 'without-opentelemetry.mjs'), join(fixtures, 'flow-without-opentelemetry.ts')],
			{
				env: { ...process.env, OTEL_HOOKS_LOG: log },
				timeout: 60_000,
			},
		);
		const result = JSON.parse(stdout) as { uaid: string; direct: string; expected: string; loaded: string[] };
		expect(result.uaid).toMatch(/^[0-9a-f]{64}$/);
		expect(result.uaid).toBe(result.expected);
		expect(result.direct).toBe(result.expected);
		expect(result.loaded).toEqual([]);
		// The kit did look (so the hooks were in force), once per process, and failed soft: no line on stderr.
		expect(readFileSync(log, 'utf8').split('\n').filter(Boolean)).toEqual(['refused @opentelemetry/api']);
		expect(stderr).toBe('');
	});
});
