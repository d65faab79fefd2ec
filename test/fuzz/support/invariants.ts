/**
 * The invariants every fuzzed answer must keep, as plain checks that throw with the offending
 * text, so fast-check can shrink to the smallest input that breaks one.
 */
import fc from 'fast-check';

/** A V8 stack frame, a Node-internal path or an error class name leaking into a body. */
const STACK_TRACE = /\bat [^\n]*\(?[^\s()]+:\d+:\d+\)?|node:internal|\b(?:Type|Reference|Syntax|Range)Error\b|\bError: /;

/**
 * No stack trace in `text`. `echoed` is what the request itself carried (a path, an Origin, a key
 * name) that an error message may quote: a pattern the input already had is not a leak.
 */
export function assertNoStackTrace(text: string, where: string, echoed = ''): void {
	if (STACK_TRACE.test(text) && !STACK_TRACE.test(echoed))
		throw new Error(`${where}: a stack trace or error class leaked into the body: ${text.slice(0, 300)}`);
}

/** None of `secrets` (appKey, private key, full tokens) appears in `text`. */
export function assertNoSecret(text: string, secrets: readonly string[], where: string): void {
	for (const secret of secrets) {
		if (secret.length >= 8 && text.includes(secret))
			throw new Error(`${where}: a secret (${secret.slice(0, 6)}…) leaked into the body: ${text.slice(0, 300)}`);
	}
}

export function parseJsonOrFail(text: string, where: string): any {
	try {
		return JSON.parse(text);
	} catch {
		throw new Error(`${where}: the body is not JSON: ${text.slice(0, 300)}`);
	}
}

export function assertInSet<T>(value: T, allowed: readonly T[] | ReadonlySet<T>, where: string): void {
	const ok = Array.isArray(allowed) ? allowed.includes(value) : (allowed as ReadonlySet<T>).has(value);
	if (!ok) throw new Error(`${where}: ${JSON.stringify(value)} is not one of ${JSON.stringify([...allowed])}`);
}

export function assertEqual<T>(actual: T, expected: T, where: string): void {
	if (actual !== expected) throw new Error(`${where}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

// ---------------------------------------------------------------- shared arbitraries

/** Text that attacks parsers: JSON fragments, escapes, control and non-BMP characters, long runs. */
export const hostileText = (maxLength = 200): fc.Arbitrary<string> =>
	fc.oneof(
		fc.string({ maxLength }),
		fc.string({ unit: 'binary', maxLength }),
		fc.constantFrom(
			'',
			' ',
			'{',
			'}',
			'[]',
			'null',
			'true',
			'0',
			'-1',
			'1e400',
			'"',
			'\\',
			'\u0000',
			'\uD800',
			'%',
			'%%',
			'%zz',
			'|',
			'=',
			'==|',
			'__proto__',
			'constructor',
			'<script>alert(1)</script>',
			'../../etc/passwd',
			"' OR 1=1 --",
			'${7*7}',
			'H5HTTPS',
			'\r\n\r\nX: y',
		),
		fc.string({ unit: fc.constantFrom('%', '|', '=', 'a', '2', '5', 'C', '\u4e2d', '\u0000', '"', '\\', '{'), maxLength: 40 }),
	);

/** Any JSON value, including deep nesting and odd keys. */
export const anyJson: fc.Arbitrary<unknown> = fc.jsonValue({ maxDepth: 4 });

/** A JSON body: a random JSON value, random text, or JSON text cut short. */
export const anyBodyText: fc.Arbitrary<string> = fc.oneof(
	anyJson.map((value) => JSON.stringify(value)),
	hostileText(300),
	fc.tuple(anyJson, fc.nat()).map(([value, cut]) => {
		const text = JSON.stringify(value) ?? '';
		return text.slice(0, cut % (text.length + 1));
	}),
);

/** A replacement for a field: absent, null, another JSON type, or hostile text. */
export const fieldReplacement: fc.Arbitrary<{ kind: 'delete' } | { kind: 'set'; value: unknown }> = fc.oneof(
	fc.constant({ kind: 'delete' as const }),
	fc
		.oneof(anyJson, hostileText(80), fc.constantFrom(null, '', 0, 1, true, false, [], {}, ' '))
		.map((value) => ({ kind: 'set' as const, value })),
);
