import { Injectable } from '@nestjs/common';
import { Subject } from 'rxjs';

export type SessionEndReason =
  'logout' | 'refresh_reuse' | 'password_changed' | 'role_changed' | 'user_deleted';

/**
 * Logins that ended. Auth and users publish; the realtime layer disconnects the sockets they cover.
 * It lives in common/ because both auth/ and users/ publish it and neither should import the other.
 */
export interface SessionsEnded {
  userId: string;
  reason: SessionEndReason;
  /** When set, only these logins ended; otherwise every login of the user except `keepSessionId`. */
  sessionIds?: readonly string[];
  keepSessionId?: string;
}

/** Whether `event` ends the login `sessionId` of user `userId`. */
export function endsSession(event: SessionsEnded, userId: string, sessionId: string): boolean {
  if (event.userId !== userId) return false;
  if (event.sessionIds !== undefined) return event.sessionIds.includes(sessionId);
  return event.keepSessionId !== sessionId;
}

@Injectable()
export class SessionEvents {
  readonly ended$ = new Subject<SessionsEnded>();
}
