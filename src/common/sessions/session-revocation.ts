import type { SessionEndReason } from './session-events';

/**
 * Ends logins on behalf of features outside auth/, which owns the tokens (users/: an admin's
 * password reset), so that they need not import it. A port rather than a SessionEvents
 * subscriber because the caller must know the logins are dead before it answers: an admin who has
 * just reset a stolen password must not get a 200 while the thief's refresh token still works.
 */
export abstract class SessionRevocation {
  /**
   * Revokes every login of the user except `keepSessionId`: their refresh tokens at once, their
   * access tokens on the next request (on every instance within a few seconds), and publishes the
   * matching SessionsEnded.
   */
  abstract revokeUserSessions(
    userId: string,
    reason: SessionEndReason,
    keepSessionId?: string,
  ): Promise<void>;
}
