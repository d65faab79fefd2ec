import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { ProtocolError } from '../errors.js';

/** Key sizes the vendor's RsaUtils is known to accept; 2048 is the default we generate. */
export const SUPPORTED_KEY_BITS = [1024, 2048, 3072, 4096] as const;
type KeyBits = (typeof SUPPORTED_KEY_BITS)[number];

const BASE64_PATTERN = /^[A-Za-z0-9+/]+={0,2}$/;

function stripWhitespace(text: string): string {
	return text.replace(/\s+/g, '');
}

function keyInput(text: unknown, kind: 'private' | 'public'): { pem: string } | { der: Buffer } {
	if (typeof text !== 'string' || text.trim() === '') throw new ProtocolError('invalid-key', `The RSA ${kind} key is empty.`);
	if (text.includes('-----BEGIN')) return { pem: text };
	const compact = stripWhitespace(text);
	if (!BASE64_PATTERN.test(compact)) throw new ProtocolError('invalid-key', `The RSA ${kind} key is neither PEM nor Base64 DER.`);
	return { der: Buffer.from(compact, 'base64') };
}

function requireRsa(key: KeyObject, kind: 'private' | 'public'): KeyObject {
	if (key.asymmetricKeyType !== 'rsa')
		throw new ProtocolError('invalid-key', `The ${kind} key is ${key.asymmetricKeyType ?? 'not asymmetric'}, not RSA.`);
	return key;
}

/**
 * Reads an RSA private key as the vendor's RsaUtils writes it (Base64 of PKCS#8 DER, no armour),
 * or PEM (`PRIVATE KEY` or `RSA PRIVATE KEY`).
 *
 * @throws {ProtocolError} `invalid-key`
 */
export function readPrivateKey(text: string | KeyObject): KeyObject {
	if (typeof text === 'object' && text !== null && 'asymmetricKeyType' in text) return requireRsa(text, 'private');
	const input = keyInput(text, 'private');
	try {
		const key = 'pem' in input ? createPrivateKey(input.pem) : createPrivateKey({ key: input.der, format: 'der', type: 'pkcs8' });
		return requireRsa(key, 'private');
	} catch (cause) {
		if (cause instanceof ProtocolError) throw cause;
		throw new ProtocolError('invalid-key', 'The RSA private key could not be read: expected Base64 PKCS#8 DER or PEM.', { cause });
	}
}

/**
 * Reads an RSA public key as registered at the platform (Base64 of X.509 SubjectPublicKeyInfo DER),
 * or PEM (`PUBLIC KEY` or `RSA PUBLIC KEY`).
 *
 * @throws {ProtocolError} `invalid-key`
 */
export function readPublicKey(text: string | KeyObject): KeyObject {
	if (typeof text === 'object' && text !== null && 'asymmetricKeyType' in text) {
		return requireRsa(text.type === 'private' ? createPublicKey(text) : text, 'public');
	}
	const input = keyInput(text, 'public');
	try {
		const key = 'pem' in input ? createPublicKey(input.pem) : createPublicKey({ key: input.der, format: 'der', type: 'spki' });
		return requireRsa(key, 'public');
	} catch (cause) {
		if (cause instanceof ProtocolError) throw cause;
		throw new ProtocolError('invalid-key', 'The RSA public key could not be read: expected Base64 X.509 SPKI DER or PEM.', { cause });
	}
}

export interface GeneratedKeyPair {
	/** Base64 PKCS#8 DER: keep it secret, on the integrator's server. */
	privateKey: string;
	/** Base64 X.509 SPKI DER: paste it into the open platform's "RSA 公钥" field. */
	publicKey: string;
	bits: KeyBits;
}

/**
 * Generates an RSA key pair in exactly the formats of the vendor's `RsaUtils.genKeyPair`.
 *
 * @example const { privateKey, publicKey } = generateRsaKeyPair({ bits: 2048 });
 */
export function generateRsaKeyPair(options: { bits?: number } = {}): GeneratedKeyPair {
	const bits = options.bits ?? 2048;
	if (!(SUPPORTED_KEY_BITS as readonly number[]).includes(bits)) {
		throw new ProtocolError('invalid-option', `Key size ${bits} is not supported; use one of ${SUPPORTED_KEY_BITS.join(', ')}.`);
	}
	const pair = generateKeyPairSync('rsa', { modulusLength: bits, publicExponent: 0x10001 });
	return {
		privateKey: pair.privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
		publicKey: pair.publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
		bits: bits as KeyBits,
	};
}

/** A public key as PEM, for tools such as `openssl` that want armour. */
export function publicKeyToPem(key: string | KeyObject): string {
	return readPublicKey(key).export({ format: 'pem', type: 'spki' }).toString();
}

/** A private key as PKCS#8 PEM. */
export function privateKeyToPem(key: string | KeyObject): string {
	return readPrivateKey(key).export({ format: 'pem', type: 'pkcs8' }).toString();
}
