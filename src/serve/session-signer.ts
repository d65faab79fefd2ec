import { SignJWT } from 'jose';
import type { SigningKey } from './signing-key.js';

/** What the service knows about the person when validate succeeds; `carrier` and `consent` only when the kit reported them. */
interface SessionFacts {
	uaid: string;
	traceId: string;
	carrier?: string;
	consent?: unknown;
}

export interface SessionSigner {
	/**
	 * The session JWT: `sub` the UAID, `iss`, `aud`, `iat`, `exp` = `iat + ttlSeconds`, `jti` the traceId, `carrier` and `consent` when
	 * known.
	 */
	sign(facts: SessionFacts, now?: Date): Promise<string>;
}

/** Signs the sessions with one key; its `kid` in the header lets a verifier pick the key from the JWKS. */
export function createSessionSigner(
	key: SigningKey,
	claims: { issuer: string; audience: string | string[]; ttlSeconds: number },
): SessionSigner {
	return {
		async sign({ uaid, traceId, carrier, consent }, now = new Date()) {
			const iat = Math.floor(now.getTime() / 1000);
			const extra: Record<string, unknown> = {};
			if (typeof carrier === 'string') extra.carrier = carrier;
			if (consent !== undefined && consent !== null) extra.consent = consent;
			return new SignJWT(extra)
				.setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
				.setSubject(uaid)
				.setIssuer(claims.issuer)
				.setAudience(claims.audience)
				.setIssuedAt(iat)
				.setExpirationTime(iat + claims.ttlSeconds)
				.setJti(traceId)
				.sign(key.privateKey);
		},
	};
}
