import { sign as cryptoSign, verify as cryptoVerify, type KeyObject } from 'node:crypto';
import { ProtocolError } from '../errors.js';
import { readPrivateKey, readPublicKey } from './keys.js';

/**
 * Digest of the imeiTokenValidate RSASSA-PKCS1-v1_5 signature: `md5` is the vendor's `MD5withRSA`
 * (default); `sha256` is `SHA256withRSA`, which a sibling product documents.
 */
export type SignatureAlgorithm = 'md5' | 'sha256';
export const SIGNATURE_ALGORITHMS: readonly SignatureAlgorithm[] = ['md5', 'sha256'];

function digestName(algorithm: SignatureAlgorithm): string {
	if (algorithm === 'md5') return 'RSA-MD5';
	if (algorithm === 'sha256') return 'RSA-SHA256';
	throw new ProtocolError('invalid-option', `Signature algorithm "${String(algorithm)}" is not one of ${SIGNATURE_ALGORITHMS.join(', ')}.`);
}

/**
 * Signs content as Java's `Signature.getInstance("MD5withRSA")` does: PKCS#1 v1.5 over the UTF-8
 * bytes, Base64 with padding and no line breaks.
 */
export function signRsa(content: string, privateKey: string | KeyObject, algorithm: SignatureAlgorithm = 'md5'): string {
	const digest = digestName(algorithm);
	return cryptoSign(digest, Buffer.from(content, 'utf8'), readPrivateKey(privateKey)).toString('base64');
}

/**
 * {@link signRsa} on libuv's thread pool: a server keeps answering other requests (and uses its
 * other cores) while the ~1 ms private-key operation runs.
 */
export async function signRsaAsync(
	content: string,
	privateKey: string | KeyObject,
	algorithm: SignatureAlgorithm = 'md5',
): Promise<string> {
	const digest = digestName(algorithm);
	const key = readPrivateKey(privateKey);
	return new Promise((resolve, reject) => {
		cryptoSign(digest, Buffer.from(content, 'utf8'), key, (error, signature) =>
			error ? reject(error) : resolve(signature.toString('base64')),
		);
	});
}

/** Verifies a Base64 signature made by {@link signRsa} (or the vendor's RsaUtils.sign). Never throws for a bad signature. */
export function verifyRsa(
	content: string,
	signature: string,
	publicKey: string | KeyObject,
	algorithm: SignatureAlgorithm = 'md5',
): boolean {
	const digest = digestName(algorithm);
	const key = readPublicKey(publicKey);
	if (typeof signature !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(signature.replace(/\s+/g, ''))) return false;
	try {
		return cryptoVerify(digest, Buffer.from(content, 'utf8'), key, Buffer.from(signature, 'base64'));
	} catch {
		return false;
	}
}
