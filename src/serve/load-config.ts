import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Ajv, type ErrorObject } from 'ajv';
import { ServeConfigError } from './errors.js';
import type { ServeConfig } from './serve-config.js';

/** The schema as shipped: schema/ sits two levels above both src/serve and dist/serve. */
const SERVE_CONFIG_SCHEMA_URL = new URL('../../schema/serve-config.schema.json', import.meta.url);

let validator: ReturnType<Ajv['compile']> | undefined;

const SECRET_FIELD = /^\/(kit\/(appKey|privateKey)|redis\/password|session\/signingKey|session\/previousKeys\/\d+)$/;

/** `/session/cookie/name` → `session.cookie.name`; the root is `config`. */
function dotted(pointer: string, last?: string): string {
	const parts = pointer
		.split('/')
		.slice(1)
		.map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
	if (last !== undefined) parts.push(last);
	return parts.length === 0 ? 'config' : parts.join('.');
}

/** One error a person can act on: the deepest place, naming a missing or unknown property itself. */
function describe(errors: readonly ErrorObject[]): { field: string; message: string } {
	const deepest = [...errors].sort((a, b) => b.instancePath.split('/').length - a.instancePath.split('/').length)[0]!;
	const params = deepest.params as { missingProperty?: string; additionalProperty?: string; allowedValues?: unknown[] };
	if (deepest.keyword === 'required') return { field: dotted(deepest.instancePath, params.missingProperty), message: 'is required' };
	if (deepest.keyword === 'additionalProperties')
		return {
			field: dotted(deepest.instancePath, params.additionalProperty),
			message: 'is not a setting the config knows (see schema/serve-config.schema.json)',
		};
	if (deepest.keyword === 'enum')
		return {
			field: dotted(deepest.instancePath),
			message: `must be one of ${params.allowedValues?.map((value) => JSON.stringify(value)).join(', ')}`,
		};
	// A secret that is neither shape fails both branches of its oneOf; saying which shapes exist helps more than either branch's complaint.
	if (deepest.keyword !== 'minLength' && SECRET_FIELD.test(deepest.instancePath))
		return { field: dotted(deepest.instancePath), message: 'must be { "env": "NAME" } or { "file": "path" }' };
	return { field: dotted(deepest.instancePath), message: deepest.message ?? 'is not valid' };
}

/**
 * Checks a parsed config against the shipped JSON Schema.
 * @throws {ServeConfigError} `invalid-config`, with `field` the dotted path of the first fault.
 */
export function checkServeConfig(value: unknown): ServeConfig {
	validator ??= new Ajv({ allErrors: false, strict: false }).compile(JSON.parse(readFileSync(SERVE_CONFIG_SCHEMA_URL, 'utf8')) as object);
	if (validator(value)) return value as unknown as ServeConfig;
	const { field, message } = describe(validator.errors ?? []);
	throw new ServeConfigError('invalid-config', `config ${field} ${message}.`, { field });
}

/**
 * Reads and checks `cmcc-uaid serve --config FILE`.
 * @throws {ServeConfigError} `invalid-config` when the file cannot be read, is not JSON or breaks the schema.
 */
export async function loadServeConfig(path: string): Promise<ServeConfig> {
	let text: string;
	try {
		text = await readFile(path, 'utf8');
	} catch (cause) {
		throw new ServeConfigError(
			'invalid-config',
			`cannot read --config ${path}: ${cause instanceof Error ? cause.message : String(cause)}`,
			{ cause },
		);
	}
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch (cause) {
		throw new ServeConfigError(
			'invalid-config',
			`--config ${path} is not JSON: ${cause instanceof Error ? cause.message : String(cause)}`,
			{ cause },
		);
	}
	return checkServeConfig(parsed);
}
