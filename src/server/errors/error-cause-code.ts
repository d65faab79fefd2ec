/**
 * The first string `code` on an error or its chain of causes: where Node (ECONNREFUSED), undici
 * (UND_ERR_…) and TLS (ERR_TLS_…) say what went wrong, however deep a wrapper put it.
 */
export function errorCauseCode(error: unknown): string | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
		const code = (current as { code?: unknown }).code;
		if (typeof code === 'string') return code;
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}
