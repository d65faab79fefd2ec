import type { KeyObject } from 'node:crypto';
import type { ExpandParams } from '../../protocol/index.js';
import { readPrivateKey, SIGNATURE_ALGORITHMS, type SignatureAlgorithm } from '../../protocol/node/index.js';
import { integer, invalidOption, requireString } from '../errors/index.js';
import { readValidateUrl } from './validate-url-option.js';
import { postJsonOverPool, postJsonWithFetch, type TransportAnswer } from './platform-transport.js';

/** What every imeiTokenValidate call needs besides the token: the options of {@link validateToken} a handler shares. */
export interface PlatformOptions {
	appId: string;
	privateKey: string | KeyObject;
	signatureAlgorithm?: SignatureAlgorithm | undefined;
	validateUrl?: string | undefined;
	timeoutMs?: number | undefined;
	retries?: number | undefined;
	expandParams?: ExpandParams | undefined;
	fetch?: typeof globalThis.fetch | undefined;
}

/** {@link PlatformOptions} checked, the key read and the defaults filled in: resolved once, read by every call. */
export interface PlatformSettings {
	readonly appId: string;
	readonly key: KeyObject;
	readonly algorithm: SignatureAlgorithm;
	readonly url: string;
	readonly timeoutMs: number;
	readonly retries: number;
	readonly expandParams: ExpandParams | undefined;
	readonly post: (url: string, body: string, signal: AbortSignal) => Promise<TransportAnswer>;
}

// AbortSignal.timeout and setTimeout take at most a signed 32-bit count of milliseconds.
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * Checks the platform options and reads the key, so a typo is an `invalid-option` error naming the
 * option, never Node's RangeError from a timer or a validation that silently makes no call.
 * @throws {UaidServerError} `invalid-option`
 */
export function resolvePlatformOptions(options: PlatformOptions): PlatformSettings {
	const { appId, signatureAlgorithm = 'md5', timeoutMs = 5000, retries = 1, expandParams, fetch } = options;
	requireString(appId, 'appId');
	if (!SIGNATURE_ALGORITHMS.includes(signatureAlgorithm))
		throw invalidOption('signatureAlgorithm', `must be one of ${SIGNATURE_ALGORITHMS.join(', ')}.`);
	const validateUrl = readValidateUrl(options.validateUrl);
	integer(timeoutMs, 'timeoutMs', 1, MAX_TIMEOUT_MS);
	integer(retries, 'retries', 0);
	if (fetch !== undefined && typeof fetch !== 'function') throw invalidOption('fetch', `must be a function, got ${typeof fetch}.`);
	let key: KeyObject;
	try {
		key = readPrivateKey(options.privateKey);
	} catch (cause) {
		throw invalidOption('privateKey', cause instanceof Error ? cause.message : String(cause), cause);
	}
	return {
		appId,
		key,
		algorithm: signatureAlgorithm,
		url: validateUrl,
		timeoutMs,
		retries,
		expandParams,
		post: fetch ? postJsonWithFetch(fetch) : postJsonOverPool,
	};
}
