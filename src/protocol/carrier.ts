/**
 * The carrier a getMobile answer names. Real answers carry `msisdnOwner` (PROTOCOL.md § 6.1:
 * `CM`, `CU` or `CT`), the data connection's carrier, which the vendor's own H5 SDK reads to decide
 * which carrier to ask next; the guide does not list the field.
 */
import type { Carrier } from './backend-wire.js';

const OWNERS: Readonly<Record<string, Carrier>> = { CM: 'china-mobile', CU: 'china-unicom', CT: 'china-telecom' };

/** `msisdnOwner` as a {@link Carrier}; undefined for anything else (absent, empty, a value nobody has seen). */
export function carrierFromMsisdnOwner(value: unknown): Carrier | undefined {
	// Not Object.hasOwn: Chrome 92, a script-tag target, lacks it.
	return typeof value === 'string' && Object.prototype.hasOwnProperty.call(OWNERS, value) ? OWNERS[value] : undefined;
}
