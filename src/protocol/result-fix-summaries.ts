/**
 * The first clause of the fixes in `result-fixes.ts` that a browser can name by itself, so the
 * element can say them without shipping the catalogue's long bilingual text. `result-fixes.ts`
 * builds its entries from these; docs/element.md § Error codes has the rest.
 */

/** getMobile's 130018 and 103101: its MD5 sign, made with the appKey for the appId, did not verify. */
export const APP_KEY_MISMATCH = "the appKey or appId does not match the platform's";

/** imeiTokenValidate's 130018: its RSA signature did not verify. */
export const PUBLIC_KEY_MISMATCH = 'the registered public key or algorithm does not match';

/** imeiTokenValidate's 120010. */
export const ORIGIN_NOT_REGISTERED = "the page's Origin or Referer when it got the token is not registered";
