import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { Clock } from '../../common/clock/clock';
import { AppConfig } from '../../config/app-config';
import { TelemetrySamplesRepository } from './telemetry-samples.repository';
import { ROLLUP_CELL_MS } from './telemetry-columns';
import { cellOf } from './time-grid';

/** How often expired telemetry is deleted; the first pass runs soon after boot. */
export const RETENTION_INTERVAL_MS = 60_000;
const FIRST_PASS_DELAY_MS = 5_000;
/** Rows per DELETE: each is a short statement, and other writes and the event loop get a turn in between. */
export const RETENTION_CHUNK_ROWS = 1_000;
const WRITE_WAIT_MS = 10_000;
/**
 * The planner statistics are refreshed on each of the first passes after boot (a new database
 * fills fastest relative to its size) and then every this many passes.
 */
const STATISTICS_EVERY_PASSES = 10;

export interface RetentionPass {
  /** Everything before this instant was deleted (epoch ms). */
  cutoffMs: number;
  samples: number;
  rollups: number;
}

/**
 * Deletes telemetry older than TELEMETRY_RETENTION_HOURS, in chunks through WriteLock, so that a
 * day's worth of expired rows never becomes one long transaction. It also refreshes PostgreSQL's
 * statistics of the two tables (see refreshStatistics): every pass for the first ten minutes
 * after boot, then every ten minutes. The cutoff is rounded down to a
 * rollup cell, so a cell and its samples always go together: at most a second more than the
 * window is kept, and nothing newer than it is ever deleted.
 */
@Injectable()
export class TelemetryRetention implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('TelemetryRetention');
  private timer?: NodeJS.Timeout;
  private running: Promise<RetentionPass> | null = null;
  private stopped = false;
  private passes = 0;

  constructor(
    private readonly repository: TelemetrySamplesRepository,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    const schedule = (delayMs: number): void => {
      this.timer = setTimeout(() => {
        void this.runOnce()
          .catch((error: unknown) =>
            this.logger.error(
              `Telemetry retention failed: ${error instanceof Error ? error.message : String(error)}`,
            ),
          )
          .finally(() => {
            if (!this.stopped) schedule(RETENTION_INTERVAL_MS);
          });
      }, delayMs);
      this.timer.unref();
    };
    schedule(FIRST_PASS_DELAY_MS);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One pass (or the one already running): deletes everything older than the window. */
  runOnce(): Promise<RetentionPass> {
    this.running ??= this.deleteExpired().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async deleteExpired(): Promise<RetentionPass> {
    const cutoffMs = cellOf(this.clock.nowMs() - this.config.telemetry.retentionMs, ROLLUP_CELL_MS);
    const options = { waitMs: WRITE_WAIT_MS };
    let samples = 0;
    for (let n = RETENTION_CHUNK_ROWS; n === RETENTION_CHUNK_ROWS && !this.stopped;) {
      n = await this.repository.deleteSamplesBefore(cutoffMs, RETENTION_CHUNK_ROWS, options);
      samples += n;
      await nextTurn();
    }
    let rollups = 0;
    for (let n = RETENTION_CHUNK_ROWS; n === RETENTION_CHUNK_ROWS && !this.stopped;) {
      n = await this.repository.deleteRollupsBefore(cutoffMs, RETENTION_CHUNK_ROWS, options);
      rollups += n;
      await nextTurn();
    }
    const pass = this.passes++;
    if ((pass < STATISTICS_EVERY_PASSES || pass % STATISTICS_EVERY_PASSES === 0) && !this.stopped) {
      await this.repository.refreshStatistics();
    }
    if (samples > 0) {
      this.logger.log(
        `Deleted ${samples} telemetry samples (${rollups} rollup cells) older than ${new Date(cutoffMs).toISOString()}`,
      );
    }
    return { cutoffMs, samples, rollups };
  }
}

/** better-sqlite3 runs on this thread: let timers and I/O in between two chunks. */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
