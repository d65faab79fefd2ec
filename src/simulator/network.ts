import { SimulatorConfigError } from './errors.js';
import { optionalString, rejectUnknownKeys, requireRecord } from './validate-input.js';

/**
 * What the gateway sees of the device's connection. Only `cellular` gets a token. `wifi` and
 * `other-carrier` answer 103111 (as real devices get it; `other-carrier` names its `carrier` in
 * the answer's `msisdnOwner`, as a real China Unicom phone's answer did) or the guide's 111002 rows (config
 * `answers.notCellular`); `blacklisted` the guide's 111002 黑名单号码用户; `cellular-no-number`
 * (on China Mobile, but the gateway found no number) 103134, as seen in real traffic.
 */
export type NetworkMode = 'cellular' | 'wifi' | 'other-carrier' | 'blacklisted' | 'cellular-no-number';
const NETWORK_MODES: readonly NetworkMode[] = ['cellular', 'wifi', 'other-carrier', 'blacklisted', 'cellular-no-number'];

/** The carrier of an `other-carrier` connection, as getMobile's answer names it (`msisdnOwner`). */
type OtherCarrier = 'china-unicom' | 'china-telecom';
const OTHER_CARRIERS: readonly OtherCarrier[] = ['china-unicom', 'china-telecom'];

export interface NetworkSettings {
	/** @default 'cellular' */
	mode: NetworkMode;
	/**
	 * With `other-carrier`: whose data connection it is. The observed 103111 answer names it in
	 * `msisdnOwner` (`CU`, `CT`), as a real China Unicom iPhone's did (PROTOCOL.md § 6.1).
	 * @default 'china-unicom'
	 */
	carrier: OtherCarrier;
	/** The subscriber number the gateway inserts; the UAID is derived from it. @default '13800138000' */
	msisdn: string;
}

export const DEFAULT_MSISDN = '13800138000';

/** Mainland mobile numbers: 11 digits starting with 1. */
const MSISDN_PATTERN = /^1\d{10}$/;

/**
 * Validates network settings. `base` supplies what `value` leaves out, so `{ "mode": "wifi" }`
 * keeps the current number.
 *
 * @throws {SimulatorConfigError}
 */
export function parseNetworkSettings(
	value: unknown,
	field = 'network',
	base: NetworkSettings = { mode: 'cellular', msisdn: DEFAULT_MSISDN, carrier: 'china-unicom' },
): NetworkSettings {
	const record = requireRecord(value, field);
	rejectUnknownKeys(record, ['mode', 'msisdn', 'carrier'], field);
	const carrier = optionalString(record.carrier, `${field}.carrier`) ?? base.carrier;
	if (!(OTHER_CARRIERS as readonly string[]).includes(carrier))
		throw new SimulatorConfigError(`${field}.carrier`, `must be one of ${OTHER_CARRIERS.join(', ')}, got ${JSON.stringify(carrier)}.`);
	const mode = optionalString(record.mode, `${field}.mode`) ?? base.mode;
	if (!(NETWORK_MODES as readonly string[]).includes(mode))
		throw new SimulatorConfigError(`${field}.mode`, `must be one of ${NETWORK_MODES.join(', ')}, got ${JSON.stringify(mode)}.`);
	const msisdn = optionalString(record.msisdn, `${field}.msisdn`) ?? base.msisdn;
	if (!MSISDN_PATTERN.test(msisdn))
		throw new SimulatorConfigError(`${field}.msisdn`, `must be an 11-digit mainland mobile number, got ${JSON.stringify(msisdn)}.`);
	return { mode: mode as NetworkMode, msisdn, carrier: carrier as OtherCarrier };
}
