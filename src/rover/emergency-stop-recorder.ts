import { Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import { AlertsService } from '../alerts/alerts.service';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/actor/actor';
import { Clock } from '../common/clock/clock';

/** Repeats are counted into the latch's entry at most this often. */
const REPEAT_FLUSH_MS = 1000;

export interface EmergencyStopFacts {
  confirmed: boolean;
  previousState: { moving: boolean; speed: number };
  link: string;
}

interface Episode {
  details: Record<string, unknown>;
  /** The entry's id once stored; repeats before that are folded into the insert's promise chain. */
  entryId: Promise<string | null>;
  repeats: number;
  lastAt: Date | null;
  repeatedBy: Set<string>;
  flushTimer: NodeJS.Timeout | undefined;
}

/**
 * The audit entry and alert of an e-stop. The first e-stop of a latch writes one entry and raises
 * one alert; pressing it again while latched (a panicking user, a stuck key, a script) is still sent
 * to the rover but only counted into that entry, so 300 presses leave one entry, not 300 rows.
 */
@Injectable()
export class EmergencyStopRecorder implements BeforeApplicationShutdown {
  private episode: Episode | undefined;

  constructor(
    private readonly audit: AuditService,
    private readonly alerts: AlertsService,
    private readonly clock: Clock,
  ) {}

  /** Resolves once the records are stored; the e-stop's answer never waits on it for long. */
  record(actor: Actor, facts: EmergencyStopFacts): Promise<unknown> {
    if (this.episode) {
      this.countRepeat(this.episode, actor);
      return Promise.resolve();
    }
    const details: Record<string, unknown> = { ...facts };
    const entryId = this.audit.record(
      actor,
      'emergency_stop',
      facts.confirmed ? 'ok' : 'unconfirmed',
      details,
    );
    this.episode = {
      details,
      entryId,
      repeats: 0,
      lastAt: null,
      repeatedBy: new Set(),
      flushTimer: undefined,
    };
    const alerted = this.alerts.raise(
      'emergency_stop',
      'critical',
      `Emergency stop by ${actor.username}${facts.confirmed ? '' : ' (not confirmed by the rover: link down or silent)'}`,
      details,
    );
    return Promise.all([entryId, alerted]);
  }

  /** The latch was released: the next e-stop starts a new entry. */
  endLatch(): void {
    if (this.episode) this.flush(this.episode);
    this.episode = undefined;
  }

  beforeApplicationShutdown(): void {
    this.endLatch();
  }

  private countRepeat(episode: Episode, actor: Actor): void {
    episode.repeats++;
    episode.lastAt = this.clock.now();
    episode.repeatedBy.add(actor.username);
    if (episode.flushTimer) return;
    episode.flushTimer = setTimeout(() => this.flush(episode), REPEAT_FLUSH_MS);
    episode.flushTimer.unref();
  }

  private flush(episode: Episode): void {
    clearTimeout(episode.flushTimer);
    episode.flushTimer = undefined;
    if (episode.repeats === 0) return;
    const details = {
      ...episode.details,
      repeats: episode.repeats,
      lastRepeatAt: episode.lastAt?.toISOString() ?? null,
      repeatedBy: [...episode.repeatedBy].slice(0, 20),
    };
    void episode.entryId.then((id) => (id ? this.audit.amend(id, details) : undefined));
  }
}
