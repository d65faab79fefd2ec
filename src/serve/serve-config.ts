import type { SignatureAlgorithm } from '../protocol/node/index.js';

/**
 * A secret is never written in the config: `{ "env": NAME }` reads a variable, `{ "file": path }` a file (relative to the config's
 * directory).
 */
export type SecretRef = { env: string } | { file: string };

/** The session's signing key; a `file` with `generate: true` is created with a new key when it does not exist. */
export type SigningKeyRef = { env: string } | { file: string; generate?: boolean };

/** What `createUaidHandler` takes that JSON can say; the service sets `store`, `logger`, `onUaid` and `exposeUaid` itself. */
export interface ServeKitConfig {
	appId: string;
	appKey: SecretRef;
	privateKey: SecretRef;
	signatureAlgorithm?: SignatureAlgorithm;
	validateUrl?: string;
	allowedOrigins?: string[];
	requireOrigin?: boolean;
	publicOrigin?: string;
	basePath?: string;
	allowedExpandParams?: string[];
	traceTtlMs?: number;
	rateLimit?: false | { limit?: number; windowMs?: number; ipv6PrefixLength?: number };
	clientIp?: 'socket' | { header: string; hops?: number };
	timeoutMs?: number;
	retries?: number;
	maxBodyBytes?: number;
	/** `ip2region`: ip2regionCoverage() (the optional peer `ip2region`). @default 'none' */
	coverage?: 'none' | 'ip2region';
}

export type SessionAlgorithm = 'ES256' | 'ES384' | 'EdDSA' | 'RS256';

export interface ServeSessionConfig {
	issuer: string;
	audience: string | string[];
	/** @default 3600 */
	ttlSeconds?: number;
	/** @default 'ES256' */
	algorithm?: SessionAlgorithm;
	signingKey: SigningKeyRef;
	/** SPKI PEM public keys of earlier signing keys, kept in the JWKS while their cookies live. @default [] */
	previousKeys?: SecretRef[];
	cookie?: {
		/** @default 'uaid_session' */
		name?: string;
		domain?: string;
		/** @default '/' */
		path?: string;
		/** @default 'Lax' */
		sameSite?: 'Lax' | 'Strict';
		/** `auto`: Secure unless the page is plain HTTP on loopback. @default 'auto' */
		secure?: 'auto' | boolean;
	};
}

/** The file `cmcc-uaid serve --config FILE` reads, as schema/serve-config.schema.json describes it. */
export interface ServeConfig {
	listen?: { host?: string; port?: number };
	kit: ServeKitConfig;
	redis?: { url?: string; cluster?: string[]; password?: SecretRef; prefix?: string };
	session: ServeSessionConfig;
	log?: { level?: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent' };
	/** @default 10000 */
	shutdownTimeoutMs?: number;
}

/** Where `cmcc-uaid serve` listens without `listen.port`. */
export const DEFAULT_SERVE_PORT = 8791;
