import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BACKEND_ERROR_CODES, RESULT_CODES } from '../../src/protocol/index.js';
import { BACKEND_ERROR_TABLE, backendErrorTableMarkdown } from '../../src/server/errors/error-codes.js';

describe('the error code table', () => {
	it('has one row for every code the wire contract names, and nothing else', () => {
		expect(Object.keys(BACKEND_ERROR_TABLE).sort()).toEqual([...BACKEND_ERROR_CODES].sort());
	});

	it('covers every category the platform catalogue can produce', () => {
		for (const entry of RESULT_CODES) if (entry.category !== 'ok') expect(BACKEND_ERROR_TABLE).toHaveProperty(entry.category);
	});

	it('answers errors with error statuses only, and 500 only for the unexpected (the kit’s own failure, or the integrator’s onUaid)', () => {
		for (const [code, row] of Object.entries(BACKEND_ERROR_TABLE)) {
			expect(row.status, code).toBeGreaterThanOrEqual(400);
			expect(row.status === 500, code).toBe(code === 'internal-error' || code === 'integrator-failed');
		}
	});

	it('is printed in docs/server.md exactly as the code has it', () => {
		expect(readFileSync(new URL('../../docs/server.md', import.meta.url), 'utf8')).toContain(backendErrorTableMarkdown());
	});
});
