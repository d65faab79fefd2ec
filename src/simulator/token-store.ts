import { randomBytes } from 'node:crypto';

/** What the platform keeps with an issued token. */
export interface IssuedToken {
	readonly token: string;
	readonly appId: string;
	readonly msisdn: string;
	/** The getMobile request's `Origin` header, when it had one. */
	readonly origin?: string;
	/** The getMobile request's `Referer` header, when it had one. */
	readonly referer?: string;
	readonly issuedAt: number;
	readonly expiresAt: number;
	/** Set by the first validation that reached the token check. */
	consumedAt?: number;
}

export type TokenLookup =
	| { readonly status: 'valid'; readonly token: IssuedToken }
	| { readonly status: 'reused' | 'expired'; readonly token: IssuedToken }
	| { readonly status: 'unknown' };

/** Tokens in the form of the guide's example: `H5HTTPS` + 32 upper-case hex, 128 bits from the CSPRNG. */
function createToken(): string {
	return `H5HTTPS${randomBytes(16).toString('hex').toUpperCase()}`;
}

/**
 * Issued tokens, single use, with a lifetime. Memory is bounded: entries are dropped one lifetime
 * after they expire (until then a replay is told "reused or expired", after it "unknown" — both
 * 120009), and the oldest go first once `maxTokens` is reached.
 */
export class TokenStore {
	readonly #tokens = new Map<string, IssuedToken>();

	constructor(
		private readonly ttlMs: number,
		private readonly maxTokens = 100_000,
	) {}

	issue(now: number, fields: { appId: string; msisdn: string; origin?: string | undefined; referer?: string | undefined }): IssuedToken {
		this.prune(now);
		const issued: IssuedToken = {
			token: createToken(),
			appId: fields.appId,
			msisdn: fields.msisdn,
			origin: fields.origin,
			referer: fields.referer,
			issuedAt: now,
			expiresAt: now + this.ttlMs,
		};
		this.#tokens.set(issued.token, issued);
		return issued;
	}

	/**
	 * Looks a token up for an app and consumes it: whatever the outcome, the token cannot be
	 * validated again (the guide: "token 重复校验" is an error). A token of another app is
	 * "unknown" to this one and stays untouched, so one app cannot burn another's tokens.
	 */
	consume(token: string, appId: string, now: number): TokenLookup {
		const issued = this.#tokens.get(token);
		if (!issued || issued.appId !== appId) return { status: 'unknown' };
		if (issued.consumedAt !== undefined) return { status: 'reused', token: issued };
		issued.consumedAt = now;
		if (now >= issued.expiresAt) return { status: 'expired', token: issued };
		return { status: 'valid', token: issued };
	}

	get size(): number {
		return this.#tokens.size;
	}

	clear(): void {
		this.#tokens.clear();
	}

	private prune(now: number): void {
		// Map iteration is insertion order, i.e. issue order: stop at the first entry still worth keeping.
		for (const [key, issued] of this.#tokens) {
			if (issued.expiresAt + this.ttlMs > now && this.#tokens.size < this.maxTokens) break;
			this.#tokens.delete(key);
		}
	}
}
