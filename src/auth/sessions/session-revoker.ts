import { Injectable } from '@nestjs/common';
import { Clock } from '../../common/clock/clock';
import { AuthChanges } from '../../common/sessions/auth-changes';
import { SessionEvents, type SessionEndReason } from '../../common/sessions/session-events';
import { SessionRevocation } from '../../common/sessions/session-revocation';
import { RefreshTokenRepository } from '../refresh-token.repository';
import { RevokedSessions } from './revoked-sessions';

/**
 * Ends logins: refresh tokens in the database (which other instances poll), access tokens in
 * RevokedSessions (refused on this instance from the next request), and a SessionsEnded for the
 * realtime layer to close their sockets.
 */
@Injectable()
export class SessionRevoker implements SessionRevocation {
  constructor(
    private readonly refreshTokens: RefreshTokenRepository,
    private readonly revoked: RevokedSessions,
    private readonly events: SessionEvents,
    private readonly clock: Clock,
    private readonly authChanges: AuthChanges,
  ) {}

  async revokeSession(userId: string, sessionId: string, reason: SessionEndReason): Promise<void> {
    // Memory first: should the write fail, this instance still refuses the login's access tokens.
    this.revoked.add([sessionId]);
    await this.authChanges.publish({ kind: 'sessions', userId, reason, sessionIds: [sessionId] });
    await this.refreshTokens.revokeFamily(sessionId, userId, reason, this.clock.now());
    this.events.ended$.next({ userId, reason, sessionIds: [sessionId] });
  }

  async revokeUserSessions(
    userId: string,
    reason: SessionEndReason,
    keepSessionId?: string,
  ): Promise<void> {
    const live = await this.refreshTokens.findFamiliesIssuedAfter(
      userId,
      this.revoked.liveTokensIssuedAfter(),
      keepSessionId,
    );
    // Memory first, as above; a login that starts between these two statements is revoked in the
    // database only, and the next poll adds it here.
    this.revoked.add(live);
    if (live.length > 0)
      await this.authChanges.publish({ kind: 'sessions', userId, reason, sessionIds: live });
    await this.refreshTokens.revokeUserFamilies(userId, reason, this.clock.now(), keepSessionId);
    this.events.ended$.next({ userId, reason, keepSessionId });
  }
}
