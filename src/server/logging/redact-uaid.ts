import type { UaidLogFields } from '../core/options.js';

/** What a log field or span attribute shows where the UAID was. */
const UAID_REDACTED = '[uaid]';

/**
 * Removes the UAID, in any case, from every string field of a request's log event (and so from the
 * span attributes read from it). An integrator's error may quote it: MySQL's
 * `Duplicate entry '<uaid>' for key …` is the usual one.
 */
export function redactUaid(fields: UaidLogFields, uaid: string): void {
	const needle = uaid.toLowerCase();
	if (needle === '') return;
	const record = fields as Record<string, unknown>;
	for (const [name, value] of Object.entries(record)) {
		if (typeof value !== 'string' || !value.toLowerCase().includes(needle)) continue;
		let out = '';
		let from = 0;
		const lower = value.toLowerCase();
		for (let at = lower.indexOf(needle); at !== -1; at = lower.indexOf(needle, from)) {
			out += value.slice(from, at) + UAID_REDACTED;
			from = at + needle.length;
		}
		record[name] = out + value.slice(from);
	}
}
