import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Subject } from 'rxjs';
import { RedisConnection } from '../redis/redis-connection';
import { RelayChannel } from '../redis/relay-channel';
import type { SessionEndReason } from './session-events';

const REASONS: readonly SessionEndReason[] = [
  'logout',
  'refresh_reuse',
  'password_changed',
  'role_changed',
  'user_deleted',
];

/** Something that must change who is let in at once, everywhere. */
export type AuthChange =
  | { kind: 'user'; userId: string } // demoted, deleted, password changed: drop cached copies
  | {
      kind: 'sessions'; // logins revoked: refuse their tokens, close their sockets
      userId: string;
      reason: SessionEndReason;
      sessionIds: readonly string[];
    };

const MAX_SESSION_IDS = 1000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Tells the other instances (REDIS_URL) about changes to who may do what, so that a demoted or
 * deleted user, or a revoked login, is refused by every instance on its very next request rather
 * than after the next poll or cache expiry (those remain as the fallback while Redis is away).
 * `publish` is awaited by the change before it answers, so the message is on its way before the
 * caller can send another request; it never throws (Redis down: logged, the fallback applies).
 * Without REDIS_URL it does nothing: one instance changes its own caches directly.
 */
@Injectable()
export class AuthChanges implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AuthChanges');
  private relay?: RelayChannel;
  /** Changes made by other instances. */
  readonly remote$ = new Subject<AuthChange>();

  constructor(private readonly redis: RedisConnection) {}

  async onApplicationBootstrap(): Promise<void> {
    this.relay = await RelayChannel.open(this.redis, 'auth', this.logger, 64 * 1024, (message) => {
      const change = parse(message);
      if (change) this.remote$.next(change);
    });
  }

  onApplicationShutdown(): void {
    this.remote$.complete();
  }

  async publish(change: AuthChange): Promise<void> {
    if (!this.relay) return;
    try {
      await this.relay.publish(change);
    } catch (error) {
      this.logger.warn(
        { kind: change.kind, error: error instanceof Error ? error.message : String(error) },
        'Auth change not sent to the other instances; they apply it at their next poll',
      );
    }
  }
}

function parse(m: Record<string, unknown>): AuthChange | undefined {
  if (m.kind === 'user' && typeof m.userId === 'string' && UUID.test(m.userId))
    return { kind: 'user', userId: m.userId };
  if (
    m.kind === 'sessions' &&
    typeof m.userId === 'string' &&
    UUID.test(m.userId) &&
    REASONS.includes(m.reason as SessionEndReason) &&
    Array.isArray(m.sessionIds) &&
    m.sessionIds.length <= MAX_SESSION_IDS &&
    m.sessionIds.every((id) => typeof id === 'string' && UUID.test(id))
  )
    return {
      kind: 'sessions',
      userId: m.userId,
      reason: m.reason as SessionEndReason,
      sessionIds: m.sessionIds as string[],
    };
  return undefined;
}
