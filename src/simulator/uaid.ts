import { createHmac, randomBytes } from 'node:crypto';

/** A fresh per-simulator secret for {@link deriveUaid}. */
export function createUaidSecret(): Buffer {
	return randomBytes(32);
}

/**
 * The UAID for (appId, subscriber): HMAC-SHA256 keyed with the simulator's secret, 64 lowercase
 * hex. Stable for the same pair, unrelated across appIds, and without the secret it cannot be
 * turned back into the number (an unkeyed hash of an 11-digit number could be brute-forced).
 */
export function deriveUaid(secret: Buffer | string, appId: string, msisdn: string): string {
	// The NUL separator keeps ("12", "3…") and ("1", "23…") apart.
	return createHmac('sha256', secret).update(`${appId}\u0000${msisdn}`, 'utf8').digest('hex');
}
