/**
 * A token as it may appear in a log line: first 7 and last 4 characters. `H5HTTPS` is the fixed
 * prefix, so only four secret characters show, enough to tell two tokens apart in a log.
 *
 * @example maskToken('H5HTTPS0123456789ABCDEF0123456789ABCDEF') // 'H5HTTPS…CDEF'
 */
export function maskToken(token: string): string {
	if (typeof token !== 'string') return '';
	if (token.length <= 11) return '…';
	return `${token.slice(0, 7)}…${token.slice(-4)}`;
}
