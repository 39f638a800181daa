import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnModuleInit,
} from '@nestjs/common';
import type { Subscription } from 'rxjs';
import type { TelemetrySample } from '../telemetry-sample';
import { TelemetryService } from '../telemetry.service';
import { SampleBuffer } from './sample-buffer';
import { type StorableSample, toStorable } from './storable-sample';
import { TelemetrySamplesRepository } from './telemetry-samples.repository';
import { SAMPLES_PER_INSERT } from './telemetry-sql';
import { TelemetryStorageMetrics } from './telemetry-storage-metrics';

/**
 * Whatever is buffered is written at least this often. Each write is a commit, and with
 * synchronous=FULL its fsync runs on the event loop (better-sqlite3): twice a second keeps that
 * rare while history lags the live stream by half a second at most.
 */
export const FLUSH_INTERVAL_MS = 500;
/** A buffer this full is written at once instead of at the next tick. */
export const FLUSH_AT_SAMPLES = 500;
/**
 * The most samples one write carries (one INSERT, well under SQLite's bound-parameter limit).
 * better-sqlite3 runs on the event loop, so on SQLite a batch is also how long the loop is held:
 * 500 samples take about 9 ms to insert, roll up and commit with synchronous=FULL on a small VM
 * (1560, all that one INSERT can carry, about 22 ms) and still store over 50k samples/s. On
 * PostgreSQL, batches of 1560 were no faster and doubled the loop's p99 delay (serialising the
 * parameters) in bench/telemetry/storage.ts.
 */
export const BATCH_MAX_SAMPLES = Math.min(500, SAMPLES_PER_INSERT);
/**
 * How many samples may wait while storage is slow or locked: 16 minutes of the rover at 50 Hz,
 * some 10-20 MB of heap. Past it the oldest are dropped (and counted).
 */
export const MAX_BUFFERED_SAMPLES = 50_000;
/**
 * How long a batch waits for a lock another process holds before it goes back to the buffer for
 * the next tick. Nobody waits on a telemetry write, so it can wait longer than a request would.
 */
const WRITE_WAIT_MS = 10_000;

/**
 * Telemetry storage: every sample of TelemetryService.samples$ (the rover) and of `record` (the
 * fleet) lands in a bounded buffer and is written in batches, never one insert per sample:
 * every FLUSH_INTERVAL_MS, or at once when FLUSH_AT_SAMPLES are waiting, BATCH_MAX_SAMPLES at
 * a time (one INSERT). One batch is in flight at a time, through WriteLock, and the event loop
 * gets a turn between batches, so a burst cannot hold the loop or the write queue for long. A failed batch goes back to the front of the
 * buffer; what does not fit is dropped, oldest first, and counted.
 */
@Injectable()
export class TelemetryStore implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger('TelemetryStorage');
  private readonly buffer = new SampleBuffer<StorableSample>(MAX_BUFFERED_SAMPLES);
  private subscription?: Subscription;
  private timer?: NodeJS.Timeout;
  private soon?: NodeJS.Immediate;
  private inFlight: Promise<boolean> | null = null;
  private failing = false;

  constructor(
    private readonly telemetry: TelemetryService,
    private readonly repository: TelemetrySamplesRepository,
    private readonly metrics: TelemetryStorageMetrics,
  ) {}

  onModuleInit(): void {
    this.subscription = this.telemetry.samples$.subscribe((sample) => this.record(sample));
    this.timer = setInterval(() => this.writeIfIdle(), FLUSH_INTERVAL_MS);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.subscription?.unsubscribe();
    clearInterval(this.timer);
    clearImmediate(this.soon);
    await this.flush();
  }

  /** Samples waiting to be written (not counting a batch being written). */
  get pending(): number {
    return this.buffer.size;
  }

  /** Queues one sample for storage. Never blocks and never throws: a bad sample is counted and dropped. */
  record(sample: TelemetrySample): void {
    const row = toStorable(sample);
    if (row === null) {
      this.metrics.drop('invalid');
      return;
    }
    const dropped = this.buffer.push(row);
    if (dropped > 0) this.metrics.drop('overflow', dropped);
    if (this.buffer.size >= FLUSH_AT_SAMPLES) this.writeSoon();
  }

  /**
   * Writes what is buffered now, batch after batch; resolves when it is stored, or when a write
   * failed (that batch is then back in the buffer). Samples recorded meanwhile wait for the next
   * tick, so a steady inflow cannot keep this from returning.
   */
  async flush(): Promise<void> {
    let batches = Math.ceil(this.buffer.size / BATCH_MAX_SAMPLES);
    if (this.inFlight) await this.inFlight;
    while (batches-- > 0 && this.buffer.size > 0) {
      if (!(await this.writeBatch())) return;
      await nextTurn();
    }
  }

  /** On the next turn of the event loop: never inside the emitter that handed us the sample. */
  private writeSoon(): void {
    if (this.soon !== undefined || this.inFlight !== null) return;
    this.soon = setImmediate(() => {
      this.soon = undefined;
      this.writeIfIdle();
    });
  }

  private writeIfIdle(): void {
    this.metrics.buffered.set(this.buffer.size);
    if (this.inFlight !== null || this.buffer.size === 0) return;
    void this.writeBatch().then((written) => {
      if (written && this.buffer.size >= FLUSH_AT_SAMPLES) this.writeSoon();
    });
  }

  /** Writes the next batch once the one in flight is done; false when the write failed. */
  private writeBatch(): Promise<boolean> {
    const previous = this.inFlight ?? Promise.resolve(true);
    const run = previous.then(() => this.writeOne());
    this.inFlight = run;
    void run.finally(() => {
      if (this.inFlight === run) this.inFlight = null;
    });
    return run;
  }

  private async writeOne(): Promise<boolean> {
    const batch = this.buffer.take(BATCH_MAX_SAMPLES);
    if (batch.length === 0) return true;
    const endTimer = this.metrics.flushSeconds.startTimer();
    try {
      await this.repository.insertBatch(batch, { waitMs: WRITE_WAIT_MS });
      this.metrics.stored.inc(batch.length);
      if (this.failing) {
        this.failing = false;
        this.logger.log('Telemetry storage is writing again');
      }
      return true;
    } catch (error) {
      const dropped = this.buffer.restore(batch);
      if (dropped > 0) this.metrics.drop('overflow', dropped);
      if (!this.failing) {
        // Once per failure streak: a database that is down would otherwise log four times a second.
        this.failing = true;
        this.logger.error(
          `Telemetry storage failed, ${batch.length - dropped} samples kept for the next attempt: ${
            error instanceof Error ? error.message : String(error)
          }`,
        );
      }
      return false;
    } finally {
      endTimer();
      this.metrics.buffered.set(this.buffer.size);
    }
  }
}

/** better-sqlite3 runs on this thread: let timers and I/O in between two batches. */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
