import { invalidOption } from './uaid-server-error.js';

/** A required string option. @throws {UaidServerError} `invalid-option` */
export function requireString(value: unknown, name: string): string {
	if (typeof value !== 'string' || value === '') throw invalidOption(name, 'is required (a non-empty string).');
	return value;
}

/**
 * A numeric option, checked at start-up: a typo such as `timeoutMs: -1` must not surface as a failed user request.
 * @throws {UaidServerError} `invalid-option`
 */
export function integer(value: number | undefined, name: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
	if (value !== undefined && (!Number.isSafeInteger(value) || value < min || value > max)) {
		throw invalidOption(
			name,
			`must be an integer from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ' up'}, got ${String(value)}.`,
		);
	}
	return value;
}
