import { describe, expect, it } from 'vitest';
import { formatTimestamp, parseTimestamp } from '../../src/protocol/timestamp.js';
import { isProtocolError } from '../../src/protocol/errors.js';

describe('17-digit Beijing-time timestamps', () => {
	it('formats the guide example instant in Beijing time whatever the host zone', () => {
		// 2020-11-25 10:15:40.980 in Beijing is 02:15:40.980 UTC.
		expect(formatTimestamp(new Date('2020-11-25T02:15:40.980Z'))).toBe('20201125101540980');
		expect(formatTimestamp(Date.UTC(2020, 10, 25, 2, 15, 40, 980))).toBe('20201125101540980');
	});

	it('rolls the date over at Beijing midnight, not UTC midnight', () => {
		expect(formatTimestamp(new Date('2026-12-31T16:00:00.000Z'))).toBe('20270101000000000');
		expect(formatTimestamp(new Date('2026-12-31T15:59:59.999Z'))).toBe('20261231235959999');
	});

	it('parses back to the same instant', () => {
		for (const iso of ['2020-11-25T02:15:40.980Z', '2024-02-28T16:00:00.001Z', '1999-12-31T23:59:59.999Z']) {
			expect(parseTimestamp(formatTimestamp(new Date(iso))).toISOString()).toBe(iso);
		}
	});

	it('does not depend on the TZ of the process', async () => {
		const { execFileSync } = await import('node:child_process');
		const script =
			"import('./src/protocol/timestamp.ts').then(m => process.stdout.write(m.formatTimestamp(new Date('2020-11-25T02:15:40.980Z'))))";
		for (const tz of ['America/New_York', 'Asia/Shanghai', 'UTC', 'Pacific/Kiritimati']) {
			const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { env: { ...process.env, TZ: tz } }).toString();
			expect(out, tz).toBe('20201125101540980');
		}
	});

	it.each([
		'',
		'2020112510154098',
		'202011251015409800',
		'2020112510154098x',
		'20201325101540980',
		'20210230101540980',
		'20201125241540980',
		'20201125106040980',
	])('rejects %j with invalid-timestamp', (input) => {
		let caught: unknown;
		try {
			parseTimestamp(input);
		} catch (error) {
			caught = error;
		}
		expect(isProtocolError(caught)).toBe(true);
		expect((caught as { code: string }).code).toBe('invalid-timestamp');
	});

	it('rejects non-string input and invalid dates', () => {
		expect(() => parseTimestamp(20201125101540980 as unknown as string)).toThrow(/17 digits/);
		expect(() => formatTimestamp(new Date('nope'))).toThrow(/invalid date/);
	});
});
