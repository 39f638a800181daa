import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { Clock } from '../../common/clock/clock';
import { AuthChanges } from '../../common/sessions/auth-changes';
import { SessionEvents, type SessionEndReason } from '../../common/sessions/session-events';
import { RefreshTokenRepository, type RevokedFamily } from '../refresh-token.repository';
import { RevokedSessions } from './revoked-sessions';

/** How soon a revocation made by another instance on the same database is enforced here. */
export const REVOCATION_POLL_INTERVAL_MS = 2000;

/**
 * Each poll re-reads this far back: a revocation is stamped before its write commits (the write may
 * wait for the lock), and the instances' clocks differ. Logins already known are skipped.
 */
const POLL_OVERLAP_MS = 30_000;

/**
 * Keeps RevokedSessions in step with the database, so a login revoked through any instance is
 * refused by all of them: loaded once at boot, then one indexed query for recent revocations every
 * couple of seconds, which also publishes SessionsEnded for the logins it learns of so that this
 * instance's sockets of those logins are closed too.
 */
@Injectable()
export class RevocationSync implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Sessions');
  private timer?: NodeJS.Timeout;
  private inFlight?: Promise<void>;
  private stopped = false;
  private lastReadStartedMs = 0;

  constructor(
    private readonly refreshTokens: RefreshTokenRepository,
    private readonly revoked: RevokedSessions,
    private readonly events: SessionEvents,
    private readonly clock: Clock,
    authChanges: AuthChanges,
  ) {
    // Another instance revoked logins: refused here from the next request, not the next poll.
    authChanges.remote$.subscribe((change) => {
      if (change.kind !== 'sessions') return;
      const added = this.revoked.add(change.sessionIds);
      if (added.length > 0)
        this.events.ended$.next({
          userId: change.userId,
          reason: change.reason,
          sessionIds: added,
        });
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    // No catch: better to fail the boot than to serve tokens of logins revoked a minute ago.
    await this.read(this.revoked.liveTokensIssuedAfter(), false);
    this.schedule();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.inFlight; // the database closes after this hook; let a running poll finish first
  }

  private async poll(): Promise<void> {
    this.revoked.sweep();
    await this.read(new Date(this.lastReadStartedMs - POLL_OVERLAP_MS), true);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.inFlight = this.poll()
        .catch((error: unknown) => {
          this.logger.warn({ err: error }, 'Could not read revoked logins; retrying');
        })
        .finally(() => {
          this.inFlight = undefined;
          this.schedule();
        });
    }, REVOCATION_POLL_INTERVAL_MS);
    this.timer.unref();
  }

  private async read(since: Date, publish: boolean): Promise<void> {
    const startedMs = this.clock.nowMs();
    const families = await this.refreshTokens.findRevokedSince(
      since,
      this.revoked.liveTokensIssuedAfter(),
    );
    this.lastReadStartedMs = startedMs; // only after a successful read, so a failed one is re-read
    const added = new Set(this.revoked.add(families.map((f) => f.familyId)));
    if (!publish || added.size === 0) return;
    for (const ended of groupByUserAndReason(families.filter((f) => added.has(f.familyId)))) {
      this.events.ended$.next(ended);
    }
  }
}

function groupByUserAndReason(
  families: RevokedFamily[],
): { userId: string; reason: SessionEndReason; sessionIds: string[] }[] {
  const groups = new Map<
    string,
    { userId: string; reason: SessionEndReason; sessionIds: string[] }
  >();
  for (const family of families) {
    // A row revoked by an older version carries no reason; ending the login is what matters.
    const reason = family.reason ?? 'logout';
    const key = `${family.userId}|${reason}`;
    const group = groups.get(key) ?? { userId: family.userId, reason, sessionIds: [] };
    group.sessionIds.push(family.familyId);
    groups.set(key, group);
  }
  return [...groups.values()];
}
