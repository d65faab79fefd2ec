import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { calculateJwkThumbprint, exportJWK, type JWK } from 'jose';
import { writeSecretFile, type SecretFileRefusedError } from '../cli/write-secret-file.js';
import { ServeConfigError } from './errors.js';
import { resolveSecret, secretPath } from './secrets.js';
import type { SecretRef, SessionAlgorithm, SigningKeyRef } from './serve-config.js';

/** A key of the JWKS: the public half as a JWK, named by its RFC 7638 thumbprint. */
export interface PublishedKey {
	readonly kid: string;
	readonly alg: SessionAlgorithm;
	readonly jwk: JWK;
}

/** The key that signs the sessions, with its published half. */
export interface SigningKey extends PublishedKey {
	readonly privateKey: KeyObject;
}

/** The key type and curve each algorithm needs (RFC 7518 § 3.4, RFC 8037). */
function algorithmOf(key: KeyObject): SessionAlgorithm | undefined {
	if (key.asymmetricKeyType === 'ed25519') return 'EdDSA';
	if (key.asymmetricKeyType === 'rsa') return (key.asymmetricKeyDetails?.modulusLength ?? 0) >= 2048 ? 'RS256' : undefined;
	if (key.asymmetricKeyType !== 'ec') return undefined;
	const curve = key.asymmetricKeyDetails?.namedCurve;
	return curve === 'prime256v1' ? 'ES256' : curve === 'secp384r1' ? 'ES384' : undefined;
}

function generatePem(algorithm: SessionAlgorithm): string {
	const key =
		algorithm === 'EdDSA'
			? generateKeyPairSync('ed25519').privateKey
			: algorithm === 'RS256'
				? generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey
				: generateKeyPairSync('ec', { namedCurve: algorithm === 'ES256' ? 'prime256v1' : 'secp384r1' }).privateKey;
	return key.export({ type: 'pkcs8', format: 'pem' }) as string;
}

/**
 * The signing key's PEM. A `file` with `generate: true` that does not exist yet is created with a
 * new key, mode 0600, by the same writer as `cmcc-uaid keygen`: never through a symlink, and if
 * another instance made it meanwhile, that one is read.
 */
async function readSigningPem(
	ref: SigningKeyRef,
	algorithm: SessionAlgorithm,
	configDir: string,
): Promise<{ pem: string; generatedAt?: string }> {
	if ('file' in ref && ref.generate) {
		const path = secretPath(ref.file, configDir);
		const existing = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
			if (error.code === 'ENOENT') return undefined;
			throw new ServeConfigError('unreadable-file', `config session.signingKey: cannot read ${path} (${error.code ?? String(error)}).`, {
				field: 'session.signingKey',
				cause: error,
			});
		});
		if (existing !== undefined) return { pem: existing };
		const pem = generatePem(algorithm);
		try {
			await writeSecretFile(path, pem, { overwrite: false });
			return { pem, generatedAt: path };
		} catch (cause) {
			if (cause instanceof Error && cause.name === 'SecretFileRefusedError' && (cause as SecretFileRefusedError).code === 'exists')
				return { pem: await readFile(path, 'utf8') };
			throw new ServeConfigError(
				'unreadable-file',
				`config session.signingKey: cannot create ${path}: ${cause instanceof Error ? cause.message : String(cause)}`,
				{ field: 'session.signingKey', cause },
			);
		}
	}
	return { pem: await resolveSecret(ref as SecretRef, 'session.signingKey', configDir) };
}

async function publish(key: KeyObject, alg: SessionAlgorithm): Promise<PublishedKey> {
	const jwk = await exportJWK(key.type === 'private' ? createPublicKey(key) : key);
	return { kid: await calculateJwkThumbprint(jwk), alg, jwk };
}

/**
 * Loads (or makes, see {@link readSigningPem}) the session signing key and checks it fits `algorithm`.
 * @throws {ServeConfigError} `missing-secret`, `unreadable-file` (naming `session.signingKey`).
 */
export async function loadSigningKey(
	ref: SigningKeyRef,
	algorithm: SessionAlgorithm,
	configDir: string,
): Promise<SigningKey & { generatedAt?: string }> {
	const { pem, generatedAt } = await readSigningPem(ref, algorithm, configDir);
	let privateKey: KeyObject;
	try {
		privateKey = createPrivateKey(pem);
	} catch (cause) {
		throw new ServeConfigError(
			'unreadable-file',
			`config session.signingKey is not a PKCS#8 PEM private key: ${cause instanceof Error ? cause.message : String(cause)}`,
			{ field: 'session.signingKey', cause },
		);
	}
	if (algorithmOf(privateKey) !== algorithm)
		throw new ServeConfigError(
			'invalid-config',
			`config session.signingKey does not fit session.algorithm ${algorithm} (ES256: EC P-256, ES384: EC P-384, EdDSA: Ed25519, RS256: RSA ` +
				`of 2048 bits or more).`,
			{ field: 'session.signingKey' },
		);
	return { ...(await publish(privateKey, algorithm)), privateKey, ...(generatedAt ? { generatedAt } : {}) };
}

/**
 * The public keys of earlier signing keys, for the JWKS during a rotation.
 * @throws {ServeConfigError} naming `session.previousKeys.N`.
 */
export async function loadPreviousKeys(refs: readonly SecretRef[], configDir: string): Promise<PublishedKey[]> {
	return Promise.all(
		refs.map(async (ref, index) => {
			const field = `session.previousKeys.${index}`;
			const pem = await resolveSecret(ref, field, configDir);
			let key: KeyObject;
			try {
				key = createPublicKey(pem);
			} catch (cause) {
				throw new ServeConfigError(
					'unreadable-file',
					`config ${field} is not a PEM public key: ${cause instanceof Error ? cause.message : String(cause)}`,
					{ field, cause },
				);
			}
			const alg = algorithmOf(key);
			if (!alg)
				throw new ServeConfigError('invalid-config', `config ${field} is not an EC P-256/P-384, Ed25519 or RSA (2048+) key.`, { field });
			return publish(key, alg);
		}),
	);
}
