import type { Carrier } from '../protocol/index.js';
import type { NetworkSettings } from '../simulator/network.js';

/**
 * The carrier an IP database would see for each of the simulator's network modes. The demo runs on
 * loopback, where every client is 127.0.0.1, so its backend's `coverage` reads the simulated
 * network instead of an address. On Wi-Fi the address is a home broadband line's, of any carrier:
 * `unknown`, so the page keeps its button and learns `not-cellular` from the tap.
 */
const CARRIER_OF_MODE: Readonly<Record<Exclude<NetworkSettings['mode'], 'other-carrier'>, Carrier>> = {
	cellular: 'china-mobile',
	'cellular-no-number': 'china-mobile',
	blacklisted: 'china-mobile',
	wifi: 'unknown',
};

/** `other-carrier` is the simulated connection's own carrier (China Unicom or China Telecom). */
export const carrierOfNetworkMode = ({ mode, carrier }: NetworkSettings): Carrier =>
	mode === 'other-carrier' ? carrier : CARRIER_OF_MODE[mode];
