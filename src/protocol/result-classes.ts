/**
 * What each platform result code means for the caller: its stable category, whether a fresh
 * attempt may help, and the little a browser says about it. This is the part of the result-code
 * catalogue a browser needs (the slim table of `result-class-table.ts`, generated from the
 * catalogue); the descriptions stay in `result-codes.ts`, out of browser bundles.
 */
import { RESULT_CLASSES } from './result-class-table.js';
import type { PlatformEndpoint, ResultClass } from './result-types.js';

export { RESULT_CLASSES } from './result-class-table.js';
export type { PlatformEndpoint, ResultCategory } from './result-types.js';

/**
 * How many fresh attempts a code in no table may cause, whatever the caller's own retry count:
 * a code nobody has documented may mean anything, so it gets one more chance and no more.
 */
const UNKNOWN_CODE_RETRIES = 1;

export interface ResultClassification extends ResultClass {
	/** Whether the code is in the catalogue; an unknown code is classed as `platform-error`. */
	readonly known: boolean;
}

// biome-ignore lint/suspicious/noPrototypeBuiltins: not Object.hasOwn: Chrome 92, a script-tag target, lacks it.
const hasOwn = (table: object, code: string): boolean => Object.prototype.hasOwnProperty.call(table, code);

/**
 * Classifies any code an endpoint answered with. A code the endpoint does not list but the other
 * one does is read as the other lists it; an unknown code is a `platform-error` that may be retried
 * ({@link UNKNOWN_CODE_RETRIES} times at most).
 */
export function classifyResultCode(endpoint: PlatformEndpoint, code: string): ResultClassification {
	const own = RESULT_CLASSES[endpoint];
	const other = RESULT_CLASSES[endpoint === 'getMobile' ? 'imeiTokenValidate' : 'getMobile'];
	const found = hasOwn(own, code) ? own[code] : hasOwn(other, code) ? other[code] : undefined;
	if (!found) return { category: 'platform-error', retryable: true, retries: UNKNOWN_CODE_RETRIES, known: false };
	// The built table leaves out `retryable: false`.
	return { ...found, retryable: !!found.retryable, known: true };
}
