import { isRecord } from '../protocol/is-record.js';
import { SimulatorConfigError } from './errors.js';

/** Small readers for untrusted settings: each names the field it rejects. */

export function requireRecord(value: unknown, field: string): Record<string, unknown> {
	if (!isRecord(value)) throw new SimulatorConfigError(field, 'must be an object.');
	return value;
}

export function optionalString(value: unknown, field: string, options: { nonEmpty?: boolean } = {}): string | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'string') throw new SimulatorConfigError(field, `must be a string, got ${describe(value)}.`);
	if (options.nonEmpty && value.trim() === '') throw new SimulatorConfigError(field, 'must not be empty.');
	return value;
}

export function requireString(value: unknown, field: string): string {
	const text = optionalString(value, field, { nonEmpty: true });
	if (text === undefined) throw new SimulatorConfigError(field, 'is required.');
	return text;
}

export function optionalBoolean(value: unknown, field: string): boolean | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'boolean') throw new SimulatorConfigError(field, `must be true or false, got ${describe(value)}.`);
	return value;
}

export function optionalInteger(value: unknown, field: string, min: number, max: number): number | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
		throw new SimulatorConfigError(field, `must be an integer from ${min} to ${max}, got ${describe(value)}.`);
	}
	return value;
}

export function optionalStringList(value: unknown, field: string): string[] | undefined {
	if (value === undefined || value === null) return undefined;
	if (!Array.isArray(value)) throw new SimulatorConfigError(field, `must be an array of strings, got ${describe(value)}.`);
	return value.map((item, index) => requireString(item, `${field}[${index}]`));
}

export function rejectUnknownKeys(record: Record<string, unknown>, known: readonly string[], field: string): void {
	for (const key of Object.keys(record)) {
		if (!known.includes(key))
			throw new SimulatorConfigError(field === '' ? key : `${field}.${key}`, `is not a known setting (known: ${known.join(', ')}).`);
	}
}

function describe(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'an array';
	if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	return typeof value;
}
