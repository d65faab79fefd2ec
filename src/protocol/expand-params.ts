import { ProtocolError } from './errors.js';

export type ExpandParams = Readonly<Record<string, string>>;

// Only the three characters that carry structure are escaped inside keys and values, so that text
// such as Chinese reaches the platform as itself after its one URL-decode, exactly as the guide shows.
const STRUCTURAL = /[%|=]/g;
const escapePart = (part: string): string => part.replace(STRUCTURAL, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

function unescapePart(part: string): string {
	try {
		return decodeURIComponent(part);
	} catch (cause) {
		throw new ProtocolError('invalid-expand-params', 'expandParams contains a malformed %-escape.', { cause });
	}
}

/**
 * Encodes parameters as the guide's `param1=value1|param2=value2`, URL-encoded as a whole.
 * `|`, `=` and `%` inside keys and values are escaped so every string round-trips.
 *
 * @example encodeExpandParams({ channel: 'h5' }) // 'channel%3Dh5'
 */
export function encodeExpandParams(params: ExpandParams | undefined): string {
	if (!params) return '';
	const pairs: string[] = [];
	for (const [key, value] of Object.entries(params)) {
		if (typeof value !== 'string') throw new ProtocolError('invalid-expand-params', `expandParams value for "${key}" must be a string.`);
		if (key === '') throw new ProtocolError('invalid-expand-params', 'expandParams keys must not be empty.');
		pairs.push(`${escapePart(key)}=${escapePart(value)}`);
	}
	if (pairs.length === 0) return '';
	try {
		return encodeURIComponent(pairs.join('|'));
	} catch (cause) {
		// encodeURIComponent throws a URIError for a lone surrogate, which has no UTF-8 form.
		throw new ProtocolError(
			'invalid-expand-params',
			'expandParams keys and values must be well-formed Unicode (a lone surrogate cannot be URL-encoded).',
			{ cause },
		);
	}
}

/**
 * Decodes an `expandParams` string back to its parameters. `''` gives `{}`.
 *
 * @throws {ProtocolError} `invalid-expand-params` when it is not valid URL encoding or a pair has no `=`.
 */
export function decodeExpandParams(encoded: string): Record<string, string> {
	if (typeof encoded !== 'string') throw new ProtocolError('invalid-expand-params', 'expandParams must be a string.');
	const params: Record<string, string> = Object.create(null);
	if (encoded === '') return params;
	const joined = unescapePart(encoded);
	for (const pair of joined.split('|')) {
		const eq = pair.indexOf('=');
		if (eq <= 0) throw new ProtocolError('invalid-expand-params', `expandParams pair "${pair.slice(0, 40)}" is not key=value.`);
		params[unescapePart(pair.slice(0, eq))] = unescapePart(pair.slice(eq + 1));
	}
	return params;
}
