import { Injectable } from '@nestjs/common';
import { Clock } from '../../common/clock/clock';
import { AppConfig } from '../../config/app-config';

/**
 * Slack on top of the access-token lifetime: clock skew between instances, and an access token
 * signed by a refresh that was in flight while its login was being revoked.
 */
export const REVOCATION_MARGIN_MS = 60_000;

/**
 * Logins whose access tokens must be refused although their signature is fine. Checked on every
 * request, the e-stop included, so it is a Map lookup with no I/O. An entry is kept only as long as
 * an access token of that login could still be unexpired; after that the token's own `exp` refuses
 * it. Filled by SessionRevoker on this instance and by RevocationSync from the database for the
 * others.
 */
@Injectable()
export class RevokedSessions {
  /** session id -> epoch ms after which no access token of that login can be valid. */
  private readonly until = new Map<string, number>();
  private readonly retentionMs: number;

  constructor(
    private readonly clock: Clock,
    config: AppConfig,
  ) {
    this.retentionMs = config.auth.accessTokenTtlSeconds * 1000 + REVOCATION_MARGIN_MS;
  }

  has(sessionId: string): boolean {
    return this.until.has(sessionId);
  }

  /** Records revoked logins; returns the ones that were not known before. */
  add(sessionIds: Iterable<string>): string[] {
    const until = this.clock.nowMs() + this.retentionMs;
    const added: string[] = [];
    for (const id of sessionIds) {
      if (!this.until.has(id)) added.push(id);
      this.until.set(id, until);
    }
    return added;
  }

  /**
   * Tokens issued after this may still be unexpired; a login none of whose tokens is that recent
   * needs no entry.
   */
  liveTokensIssuedAfter(): Date {
    return new Date(this.clock.nowMs() - this.retentionMs);
  }

  /** Forgets logins whose every access token has expired. */
  sweep(): void {
    const now = this.clock.nowMs();
    for (const [id, until] of this.until) {
      if (until <= now) this.until.delete(id);
    }
  }

  get size(): number {
    return this.until.size;
  }
}
