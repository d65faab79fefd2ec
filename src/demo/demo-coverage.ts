import type { Carrier } from '../protocol/index.js';
import type { NetworkMode } from '../simulator/network.js';

/**
 * The carrier an IP database would see for each of the simulator's network modes. The demo runs on
 * loopback, where every client is 127.0.0.1, so its backend's `coverage` reads the simulated
 * network instead of an address. On Wi-Fi the address is a home broadband line's, of any carrier:
 * `unknown`, so the page keeps its button and learns `not-cellular` from the tap.
 */
const CARRIER_OF_MODE: Readonly<Record<NetworkMode, Carrier>> = {
	cellular: 'china-mobile',
	'cellular-no-number': 'china-mobile',
	blacklisted: 'china-mobile',
	'other-carrier': 'other',
	wifi: 'unknown',
};

export const carrierOfNetworkMode = (mode: NetworkMode): Carrier => CARRIER_OF_MODE[mode];
