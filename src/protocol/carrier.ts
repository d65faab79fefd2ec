import { CARRIERS, type MobileCarrier } from './backend-wire.js';

/**
 * The carrier a getMobile answer names in `msisdnOwner` (a real answer, PROTOCOL.md § 6.1:
 * `CM`, `CU`, `CT` for China Mobile, Unicom and Telecom); undefined for anything else, so a
 * missing or unexpected value never names a carrier. Case and surrounding spaces do not matter.
 */
export function carrierFromMsisdnOwner(value: unknown): MobileCarrier | undefined {
	// CARRIERS starts with the three, in this order.
	return typeof value === 'string'
		? (CARRIERS[['CM', 'CU', 'CT'].indexOf(value.trim().toUpperCase())] as MobileCarrier | undefined)
		: undefined;
}
