import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Subject } from 'rxjs';
import { RedisConnection, type RedisPubSub } from '../redis/redis-connection';
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
  private readonly origin = randomUUID();
  private pubSub?: RedisPubSub;
  /** Changes made by other instances. */
  readonly remote$ = new Subject<AuthChange>();

  constructor(private readonly redis: RedisConnection) {}

  private get channel(): string {
    return `${this.pubSub?.channelPrefix}:auth`;
  }

  async onApplicationBootstrap(): Promise<void> {
    const pubSub = await this.redis.openRelay();
    if (!pubSub) return;
    this.pubSub = pubSub;
    pubSub.subscriber.on('messageBuffer', (channel: Buffer, message: Buffer) => {
      if (channel.toString() === this.channel) this.onMessage(message);
    });
    pubSub.subscriber.subscribe(this.channel).catch((error: Error) => {
      this.logger.warn(`cannot subscribe to ${this.channel} (${error.message})`);
    });
  }

  onApplicationShutdown(): void {
    this.remote$.complete();
  }

  async publish(change: AuthChange): Promise<void> {
    if (!this.pubSub) return;
    try {
      await this.pubSub.publisher.publish(
        this.channel,
        JSON.stringify({ origin: this.origin, ...change }),
      );
    } catch (error) {
      this.logger.warn(
        { kind: change.kind, error: error instanceof Error ? error.message : String(error) },
        'Auth change not sent to the other instances; they apply it at their next poll',
      );
    }
  }

  private onMessage(raw: Buffer): void {
    const change = parse(raw);
    if (!change || change.origin === this.origin) return;
    this.remote$.next(change.change);
  }
}

function parse(raw: Buffer): { origin: string; change: AuthChange } | undefined {
  if (raw.length > 64 * 1024) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(raw.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const m = value as Record<string, unknown>;
  if (typeof m.origin !== 'string') return undefined;
  if (m.kind === 'user' && typeof m.userId === 'string' && UUID.test(m.userId))
    return { origin: m.origin, change: { kind: 'user', userId: m.userId } };
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
      origin: m.origin,
      change: {
        kind: 'sessions',
        userId: m.userId,
        reason: m.reason as SessionEndReason,
        sessionIds: m.sessionIds as string[],
      },
    };
  return undefined;
}
