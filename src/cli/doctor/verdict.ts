/**
 * What a doctor check came to, and the verdict on a call that got no answer: shared by the checks
 * that call the platform (getMobile and imeiTokenValidate).
 */
import { oneLine } from '../../protocol/one-line.js';
import { errorCauseCode } from '../../server/errors/error-cause-code.js';

/** What one check came to. `skip`: not run or not decidable; only `fail` makes the doctor fail. */
export type VerdictStatus = 'pass' | 'fail' | 'skip';

export type CheckName = 'private-key' | 'public-key' | 'app-key' | 'get-mobile' | 'platform' | 'clock';

/** One check's outcome: `message` names the text (doctor/messages.ts) and `params` fill it. */
export interface Verdict {
	readonly check: CheckName;
	readonly status: VerdictStatus;
	readonly message: string;
	readonly params: Readonly<Record<string, string | number>>;
}

/**
 * A verdict; its text parameters (the platform's resultDesc, an error's message) as one printable line, so a fake answer cannot drive
 * the terminal.
 */
export const verdict = (
	check: CheckName,
	status: VerdictStatus,
	message: string,
	params: Record<string, string | number> = {},
): Verdict => ({
	check,
	status,
	message,
	params: Object.fromEntries(Object.entries(params).map(([name, value]) => [name, typeof value === 'string' ? oneLine(value) : value])),
});

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME']);

/** A call that got no answer, as the check that made it reports it. */
export function transportVerdict(error: unknown, url: URL, timeoutMs: number, check: CheckName = 'platform'): Verdict {
	const code = errorCauseCode(error) ?? 'unknown';
	const reason = error instanceof Error ? error.message : String(error);
	const host = url.hostname;
	const port = url.port || (url.protocol === 'https:' ? '443' : '80');
	if (code === 'DOCTOR_TIMEOUT' || code === 'ETIMEDOUT')
		return verdict(check, 'fail', 'net.timeout', { seconds: Math.round(timeoutMs / 100) / 10, host, port });
	if (DNS_CODES.has(code)) return verdict(check, 'fail', 'net.dns', { host, code });
	if (code === 'ECONNREFUSED') return verdict(check, 'fail', 'net.refused', { host, port });
	if (code === 'ECONNRESET' || code === 'EPIPE') return verdict(check, 'fail', 'net.reset', { host, port });
	if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return verdict(check, 'fail', 'net.unreachable', { host, code });
	if (
		/^(ERR_SSL|ERR_TLS|EPROTO|CERT_|UNABLE_TO|SELF_SIGNED|DEPTH_ZERO|HOSTNAME_MISMATCH)/.test(code) ||
		/ssl|tls|certificate/i.test(reason)
	)
		return verdict(check, 'fail', 'net.tls', { code, reason });
	return verdict(check, 'fail', 'net.other', { code, reason });
}
