import { isRecord } from '../protocol/is-record.js';

/** Outcome of reading the required string fields of a request object. */
export type FieldsResult<K extends string> =
	| { readonly kind: 'ok'; readonly values: Record<K, string> }
	| { readonly kind: 'missing'; readonly field: K }
	| { readonly kind: 'wrong-type'; readonly field: K };

/**
 * Reads required fields in order. Absent, `null` and `""` are "missing" (130010); any other
 * non-string (a number, an object) is a "wrong type", which the simulator answers like a body it
 * cannot bind (130032) — a strict reading of "报文格式错误".
 */
export function readRequiredFields<K extends string>(
	record: Record<string, unknown>,
	names: readonly K[],
	aliases: Partial<Record<K, string>> = {},
): FieldsResult<K> {
	const values = {} as Record<K, string>;
	for (const name of names) {
		const alias = aliases[name];
		let value = record[name];
		if ((value === undefined || value === null) && alias !== undefined) value = record[alias];
		if (value === undefined || value === null || value === '') return { kind: 'missing', field: name };
		if (typeof value !== 'string') return { kind: 'wrong-type', field: name };
		values[name] = value;
	}
	return { kind: 'ok', values };
}

/** An optional string field: absent is fine, any other type is a wrong type. */
export function optionalStringField(record: Record<string, unknown>, name: string): { ok: true; value?: string } | { ok: false } {
	const value = record[name];
	if (value === undefined || value === null) return { ok: true };
	return typeof value === 'string' ? { ok: true, value } : { ok: false };
}

/** JSON text to an object, or undefined when it is not JSON or not an object. */
export function parseJsonObject(text: string): Record<string, unknown> | undefined {
	try {
		const value: unknown = JSON.parse(text);
		return isRecord(value) ? value : undefined;
	} catch {
		return undefined;
	}
}

/** A string property, for echoing what a request said even when it failed. */
export function stringProp(record: unknown, name: string): string | undefined {
	if (!isRecord(record)) return undefined;
	const value = record[name];
	return typeof value === 'string' ? value : undefined;
}
