import { Injectable, Logger } from '@nestjs/common';
import { AlertsService } from '../alerts/alerts.service';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import type { RoverSafetyStateEntity } from './entities/rover-safety-state.entity';
import { SafetyStateRepository } from './safety-state.repository';

export type LatchRecord = Omit<RoverSafetyStateEntity, 'key'>;

/** One attempt waits this long for another process's lock, then the loop tries again at once. */
const ATTEMPT_WAIT_MS = 1000;
/** Pauses after a write failed for another reason (disk full, read-only, I/O error). */
const FAILURE_BACKOFF_MS = [100, 500, 1000, 2000, 5000];
/** An alert goes out when the latch has not been stored after this long, or after this many errors. */
const ALERT_AFTER_MS = 30_000;
const ALERT_AFTER_ERRORS = 3;

interface Wanted {
  record: LatchRecord;
  version: number;
}

/**
 * Stores the e-stop latch so a restart comes back latched, without the latch ever waiting on
 * storage: the in-memory latch is the truth while the service runs, and this keeps retrying the
 * newest wanted state until it is stored (as soon as another process's lock frees). If storing
 * keeps failing, an alert goes out once, and the retries go on.
 */
@Injectable()
export class LatchPersistence {
  private readonly logger = new Logger('EmergencyStop');
  private stored: boolean | undefined;
  private wanted: Wanted | undefined;
  private version = 0;
  private flushing = false;
  private readonly waiters: { version: number; resolve: () => void }[] = [];
  private failingSinceMs: number | undefined;
  private failures = 0;
  private alerted = false;
  private stopped = false;

  constructor(
    private readonly repository: SafetyStateRepository,
    private readonly alerts: AlertsService,
    private readonly clock: Clock,
  ) {}

  /** The stored latch, read once at boot. */
  async load(): Promise<boolean> {
    this.stored = (await this.repository.load())?.estopLatched ?? false;
    return this.stored;
  }

  /** True when `latched` is what storage holds and no other state is waiting to be written. */
  isSettledAs(latched: boolean): boolean {
    return this.wanted === undefined && this.stored === latched;
  }

  /**
   * Asks for `record` to be stored; resolves once it, or a newer record, has been. Never rejects:
   * a caller that cannot wait races it against its own deadline.
   */
  store(record: LatchRecord): Promise<void> {
    const version = ++this.version;
    this.wanted = { record, version };
    const stored = new Promise<void>((resolve) => this.waiters.push({ version, resolve }));
    void this.flush();
    return stored;
  }

  /** Stops retrying (the database is closing). */
  stop(): void {
    this.stopped = true;
  }

  private async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      for (let wanted = this.wanted; wanted && !this.stopped; wanted = this.wanted) {
        try {
          await this.repository.save(wanted.record, { waitMs: ATTEMPT_WAIT_MS, durable: true });
          this.written(wanted);
        } catch (error) {
          await this.failed(error);
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  private written(wanted: Wanted): void {
    this.stored = wanted.record.estopLatched;
    if (this.wanted?.version === wanted.version) this.wanted = undefined;
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      if (this.waiters[i].version <= wanted.version) this.waiters.splice(i, 1)[0].resolve();
    }
    if (this.failingSinceMs !== undefined) {
      const seconds = ((this.clock.nowMs() - this.failingSinceMs) / 1000).toFixed(1);
      this.logger.log(`E-stop latch stored after ${seconds} s of failed attempts`);
    }
    this.failingSinceMs = undefined;
    this.failures = 0;
    this.alerted = false;
  }

  private async failed(error: unknown): Promise<void> {
    const busy = error instanceof AppError && error.code === 'storage_busy';
    this.failingSinceMs ??= this.clock.nowMs();
    if (!busy) this.failures++;
    const failingForMs = this.clock.nowMs() - this.failingSinceMs;
    if (!this.alerted && (this.failures >= ALERT_AFTER_ERRORS || failingForMs >= ALERT_AFTER_MS)) {
      this.alerted = true;
      const reason = error instanceof Error ? error.message : String(error);
      const latched = this.wanted?.record.estopLatched ?? true;
      void this.alerts.raise(
        'storage_failure',
        'critical',
        latched
          ? 'The emergency-stop latch could not be stored: the latch holds while the service runs, ' +
              'but a restart now would come back unlatched'
          : 'The emergency-stop release could not be stored; still retrying',
        { reason, failingForMs, latched },
      );
    }
    if (busy) return; // the attempt itself waited; try again at once
    const pause = FAILURE_BACKOFF_MS[Math.min(this.failures - 1, FAILURE_BACKOFF_MS.length - 1)];
    await new Promise((resolve) => setTimeout(resolve, pause).unref());
  }
}
