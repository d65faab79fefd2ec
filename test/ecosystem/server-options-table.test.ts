/**
 * docs/server.md has one table of `createUaidHandler`'s options, generated from the JSDoc of
 * `UaidHandlerOptions`: it must be the generated one, list every option the type has (so an option
 * added to src/server/core/options.ts shows up after `npx tsx scripts/readme-sync.ts --write`), and
 * every option must carry what the table prints (STYLE.md: JSDoc with `@default` and `@example`).
 */
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import {
	handlerOptions,
	OPTIONS_INTERFACE,
	OPTIONS_SOURCE,
	OPTIONS_TABLE_END,
	OPTIONS_TABLE_START,
	optionsTable,
} from '../../scripts/sync/options-table.js';
import { SERVER_DOC } from '../../scripts/readme-sync.js';

const options = handlerOptions();

/** The option names the compiler sees on the type, inherited ones included. */
function typeProperties(): string[] {
	const program = ts.createProgram([OPTIONS_SOURCE], {
		module: ts.ModuleKind.NodeNext,
		moduleResolution: ts.ModuleResolutionKind.NodeNext,
		strict: true,
		skipLibCheck: true,
		noEmit: true,
	});
	const checker = program.getTypeChecker();
	const file = program.getSourceFile(OPTIONS_SOURCE)!;
	const symbol = checker.getSymbolAtLocation(file)!;
	const exported = checker.getExportsOfModule(symbol).find((candidate) => candidate.name === OPTIONS_INTERFACE)!;
	return checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(exported)).map((property) => property.name);
}

describe('the options table of docs/server.md', () => {
	it('is the table generated from src/server/core/options.ts (npx tsx scripts/readme-sync.ts --write)', () => {
		const page = readFileSync(SERVER_DOC, 'utf8');
		const start = page.indexOf(OPTIONS_TABLE_START);
		const end = page.indexOf(OPTIONS_TABLE_END);
		expect(start).toBeGreaterThan(-1);
		expect(page.slice(start + OPTIONS_TABLE_START.length, end).trim()).toBe(optionsTable(options));
		// One table: the page has no second list of the options.
		expect(page.indexOf(OPTIONS_TABLE_START, start + 1)).toBe(-1);
	});

	it('has a row for every option of UaidHandlerOptions, in the order the type declares them', () => {
		const topLevel = options.filter((option) => !option.name.includes('.')).map((option) => option.name);
		expect(topLevel).toEqual(typeProperties());
		for (const name of ['validateUrl', 'timeoutMs', 'retries', 'logger', 'basePath', 'onUaid', 'rateLimit.limit'])
			expect(options.map((option) => option.name)).toContain(name);
	});

	it('gives every option a description and an @example, and every optional one its @default', () => {
		const undocumented = options.filter(
			(option) => option.description === '' || option.example === undefined || (!option.required && option.defaultValue === undefined),
		);
		expect(undocumented.map((option) => option.name)).toEqual([]);
	});

	it('prints the type, the default and the example of an option as its JSDoc states them', () => {
		const table = optionsTable(options);
		expect(table).toContain('| `timeoutMs` | `number` | `5000` | `3000` | Time allowed for one imeiTokenValidate call. |');
		expect(table).toContain('| `rateLimit` | `RateLimitOptions \\| false` |');
		expect(table).toContain('| `appId` | `string` | **required** |');
	});
});
