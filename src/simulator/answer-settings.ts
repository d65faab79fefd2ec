import { SimulatorConfigError } from './errors.js';
import { optionalString, rejectUnknownKeys, requireRecord } from './validate-input.js';

/**
 * How the simulator words its answers where real traffic and the guide differ (docs/simulator.md,
 * "Seen in real traffic"): which code a device off China Mobile's gateway gets, and whether answers
 * come in the guide's `{header, body}` envelope or flat, as one real integration logged them.
 */
export interface AnswerSettings {
	/** `observed`: Wi-Fi and other carriers get 103111 WAP网关IP错误, as real devices do; `guide`: the guide's 111002 rows. @default 'observed' */
	notCellular: 'observed' | 'guide';
	/**
	 * `enveloped`: `{header, body}` as in the guide; `flat`: `{resultCode, resultDesc, token|UAID}`, as logged from real traffic.
	 * @default 'enveloped'
	 */
	shape: 'enveloped' | 'flat';
}

export const DEFAULT_ANSWER_SETTINGS: Readonly<AnswerSettings> = Object.freeze({ notCellular: 'observed', shape: 'enveloped' });

function oneOf<T extends string>(value: unknown, field: string, allowed: readonly T[], fallback: T): T {
	const text = optionalString(value, field) ?? fallback;
	if (!(allowed as readonly string[]).includes(text))
		throw new SimulatorConfigError(field, `must be one of ${allowed.join(', ')}, got ${JSON.stringify(text)}.`);
	return text as T;
}

/**
 * Validates answer settings; `base` supplies what `value` leaves out.
 *
 * @throws {SimulatorConfigError}
 */
export function parseAnswerSettings(value: unknown, field = 'answers', base: AnswerSettings = DEFAULT_ANSWER_SETTINGS): AnswerSettings {
	const record = requireRecord(value, field);
	rejectUnknownKeys(record, ['notCellular', 'shape'], field);
	return {
		notCellular: oneOf(record.notCellular, `${field}.notCellular`, ['observed', 'guide'], base.notCellular),
		shape: oneOf(record.shape, `${field}.shape`, ['enveloped', 'flat'], base.shape),
	};
}
