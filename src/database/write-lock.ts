import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { AppConfig } from '../config/app-config';
import { isBusyError } from './database-errors';
import { fileSync } from './file-sync';

export interface WriteOptions {
  /**
   * How long this write may wait, queued or retrying, for a lock another process holds. Request
   * writes use DATABASE_BUSY_TIMEOUT_MS (then 503 storage_busy); records that must not be lost
   * (the e-stop latch, the audit trail) pass a longer wait.
   */
  waitMs?: number;
  /**
   * On disk, power cut included, before it resolves (the e-stop latch). On SQLite the WAL is
   * synced after the commit, in libuv's thread pool rather than on the event loop; PostgreSQL
   * commits are always synced.
   */
  durable?: boolean;
}

interface Job {
  work: () => Promise<unknown>;
  deadline: number;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  /** Rejects the job if its deadline passes while it is still queued behind others. */
  expiry?: NodeJS.Timeout;
}

/** Retry delays while another process holds the lock: short at first, then a steady poll. */
const RETRY_DELAYS_MS = [1, 2, 4, 8, 16, 25];

/**
 * TypeORM's better-sqlite3 driver runs every query on one shared connection. A statement is atomic
 * on its own, but an open transaction would swallow the statements of concurrent requests (and roll
 * them back with it). So on SQLite every write and every transaction goes through this FIFO lock;
 * on PostgreSQL, with a pool of connections, it is a pass-through.
 *
 * better-sqlite3 is synchronous: its busy handler sleeps on the event loop while another process
 * (a second instance, a backup, the sqlite3 shell) holds the write lock, freezing the e-stop, the
 * deadman and every socket with it. So after boot the busy timeout is 0 (a locked write fails at
 * once with SQLITE_BUSY, having changed nothing) and the wait happens here, on timers, where the
 * event loop stays free. A write still locked out at its deadline fails as 503 storage_busy.
 */
@Injectable()
export class WriteLock {
  private readonly queue: Job[] = [];
  private running = false;
  private readonly serialise: boolean;
  private readonly defaultWaitMs: number;

  private readonly walPath?: string;

  constructor(
    dataSource: DataSource,
    config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.serialise = dataSource.options.type === 'better-sqlite3';
    this.defaultWaitMs = config.storage.busyTimeoutMs;
    const db = config.database;
    if (this.serialise && db.kind === 'sqlite' && db.path !== ':memory:')
      this.walPath = `${db.path}-wal`;
    // Migrations ran with the driver's blocking wait (nothing is served before they finish).
    if (this.serialise && dataSource.isInitialized) {
      void dataSource.query('PRAGMA busy_timeout = 0');
    }
  }

  run<T>(work: () => Promise<T>, options: WriteOptions = {}): Promise<T> {
    if (!this.serialise) return work();
    const committed = this.enqueue(work, options);
    return options.durable
      ? committed.then((result) => this.syncWal().then(() => result))
      : committed;
  }

  private enqueue<T>(work: () => Promise<T>, options: WriteOptions): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const job: Job = {
        work,
        deadline: this.clock.nowMs() + (options.waitMs ?? this.defaultWaitMs),
        resolve: resolve as (value: unknown) => void,
        reject,
      };
      this.queue.push(job);
      if (this.queue.length > 1 || this.running) {
        job.expiry = setTimeout(() => this.expire(job), options.waitMs ?? this.defaultWaitMs);
        job.expiry.unref();
      }
      void this.pump();
    });
  }

  private async pump(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (let job = this.queue.shift(); job; job = this.queue.shift()) {
        clearTimeout(job.expiry);
        await this.attempt(job);
      }
    } finally {
      this.running = false;
    }
  }

  /** Runs one job, retrying on timers while another process holds the lock, until its deadline. */
  private async attempt(job: Job): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        job.resolve(await job.work());
        return;
      } catch (error) {
        if (!isBusyError(error)) {
          job.reject(error);
          return;
        }
        const delay = RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length - 1)];
        if (this.clock.nowMs() + delay > job.deadline) {
          job.reject(storageBusy());
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  /**
   * With synchronous=NORMAL a commit is in the WAL but maybe not on disk yet; syncing the WAL file
   * puts every commit so far there. A commit already copied out by a checkpoint is safe as well:
   * the checkpoint syncs the database file before the WAL is reused.
   */
  private async syncWal(): Promise<void> {
    if (this.walPath) await fileSync.datasync(this.walPath);
  }

  private expire(job: Job): void {
    const index = this.queue.indexOf(job);
    if (index < 0) return; // already running: its own retry loop watches the deadline
    this.queue.splice(index, 1);
    job.reject(storageBusy());
  }
}

export function storageBusy(): AppError {
  return new AppError(
    'storage_busy',
    'The database is locked by another process; nothing was written, retry shortly',
    undefined,
    { 'Retry-After': '1' },
  );
}
