/** A token whose signature, algorithm, issuer and audience were verified, as jsonwebtoken returns it. */
export interface VerifiedToken {
  header: object;
  payload: unknown;
}

interface Entry {
  verified: VerifiedToken;
  /** The token's own `exp`, in ms: the entry is worth nothing after it. */
  expiresAtMs: number;
}

/**
 * Verified signatures, keyed by the whole token string, so that a client sending the same bearer
 * token on every request has it HMAC-checked and parsed once, not each time (what fast-jwt's verify
 * cache does). An entry says only "this exact string was signed with our key"; everything that can
 * change after signing (revocation, the user's role or existence, expiry) is checked on every
 * request all the same. An entry never outlives the token's `exp`; a full cache drops its oldest
 * entry. A token signed with another key never gets in, as it never verifies.
 */
export class VerifiedTokenCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly maxEntries: number) {}

  get size(): number {
    return this.entries.size;
  }

  get(token: string, nowMs: number): VerifiedToken | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (entry.expiresAtMs <= nowMs) {
      this.entries.delete(token);
      return undefined;
    }
    return entry.verified;
  }

  set(token: string, verified: VerifiedToken, expiresAtMs: number): void {
    if (this.entries.size >= this.maxEntries && !this.entries.has(token)) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(token, { verified, expiresAtMs });
  }

  clear(): void {
    this.entries.clear();
  }
}
