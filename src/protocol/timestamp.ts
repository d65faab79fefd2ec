import { ProtocolError } from './errors.js';

/** Beijing time is UTC+8 all year (China has no daylight saving time). */
const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;
const TIMESTAMP_PATTERN = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{3})$/;

const pad = (value: number, width: number): string => String(value).padStart(width, '0');

/**
 * Formats an instant as the platform's 17-digit `yyyyMMddHHmmssSSS` timestamp, in Beijing time
 * whatever the host's time zone (the guide's examples are Beijing wall-clock time).
 *
 * @example formatTimestamp(new Date('2020-11-25T02:15:40.980Z')) // '20201125101540980'
 */
export function formatTimestamp(instant: Date | number = Date.now()): string {
	const ms = typeof instant === 'number' ? instant : instant.getTime();
	if (!Number.isFinite(ms)) throw new ProtocolError('invalid-timestamp', 'Cannot format an invalid date as a timestamp.');
	const beijing = new Date(ms + BEIJING_OFFSET_MS);
	// A finite number can still lie outside the Date range (±8.64e15 ms): its fields are NaN.
	if (Number.isNaN(beijing.getTime()))
		throw new ProtocolError('invalid-timestamp', 'Cannot format an instant outside the Date range as a timestamp.');
	const year = beijing.getUTCFullYear();
	if (year < 0 || year > 9999) throw new ProtocolError('invalid-timestamp', `Year ${year} does not fit a 17-digit timestamp.`);
	return (
		pad(year, 4) +
		pad(beijing.getUTCMonth() + 1, 2) +
		pad(beijing.getUTCDate(), 2) +
		pad(beijing.getUTCHours(), 2) +
		pad(beijing.getUTCMinutes(), 2) +
		pad(beijing.getUTCSeconds(), 2) +
		pad(beijing.getUTCMilliseconds(), 3)
	);
}

/**
 * Parses a 17-digit Beijing-time timestamp back to the instant it names.
 *
 * @throws {ProtocolError} `invalid-timestamp` when it is not 17 digits or not a real calendar time.
 */
export function parseTimestamp(timestamp: string): Date {
	const match = typeof timestamp === 'string' ? TIMESTAMP_PATTERN.exec(timestamp) : null;
	if (!match) throw new ProtocolError('invalid-timestamp', 'A timestamp is 17 digits: yyyyMMddHHmmssSSS.');
	const [year, month, day, hour, minute, second, millisecond] = match.slice(1).map(Number) as [
		number,
		number,
		number,
		number,
		number,
		number,
		number,
	];
	// Not Date.UTC: it reads years 0–99 as 1900–1999, so 0099… would not parse back to what formatTimestamp wrote.
	const utc = new Date(0).setUTCFullYear(year, month - 1, day) + ((hour * 60 + minute) * 60 + second) * 1000 + millisecond;
	const check = new Date(utc);
	// Date.UTC rolls 2021-02-30 over to March: a round trip that changes a field means the input was not a real time.
	if (
		check.getUTCFullYear() !== year ||
		check.getUTCMonth() !== month - 1 ||
		check.getUTCDate() !== day ||
		check.getUTCHours() !== hour ||
		check.getUTCMinutes() !== minute ||
		check.getUTCSeconds() !== second
	) {
		throw new ProtocolError('invalid-timestamp', `Timestamp ${timestamp} is not a real calendar time.`);
	}
	return new Date(utc - BEIJING_OFFSET_MS);
}
