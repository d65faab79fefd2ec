/**
 * Text from outside (a platform's resultDesc, an error's message) as one printable line: C0 and C1
 * control characters (terminal escapes among them), line and paragraph separators and bidi
 * overrides become a space, so it can neither break a log line nor drive a terminal.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what this strips.
export const oneLine = (text: string): string => text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]+/g, ' ');
