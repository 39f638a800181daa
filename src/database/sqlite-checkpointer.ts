import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { Worker } from 'node:worker_threads';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';

/**
 * How often the WAL is copied into the database file. It is also the window of committed writes
 * (other than `durable` ones) that a power cut could take: each checkpoint syncs the WAL first.
 */
export const CHECKPOINT_INTERVAL_MS = 1000;

/**
 * Runs in the worker, in plain JavaScript so that it loads the same way from src/ and dist/. Its
 * own connection to the same file; a PASSIVE checkpoint never blocks the app's writers or readers.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driverPath);
const db = new Database(workerData.path, { fileMustExist: true, timeout: 0 });
const checkpoint = () => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (error) {
    // Busy: another checkpoint is running (a second instance); the next tick catches up.
    if (!String(error && error.code).startsWith('SQLITE_BUSY')) throw error;
  }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', () => { clearInterval(timer); checkpoint(); db.close(); parentPort.close(); });
`;

/**
 * Keeps fsync off the event loop on SQLite. better-sqlite3 is synchronous: with
 * synchronous=FULL every commit waited for the disk on the loop, 0.2 ms typically and 20-50 ms
 * when the disk was busy, and a control command's history and audit rows stalled the next
 * e-stop behind them. With synchronous=NORMAL a commit does not sync; the sync happens at a
 * checkpoint, and SQLite's automatic checkpoint runs inside whichever commit crosses 1000 WAL
 * pages, on the loop again. So the app's connection does not checkpoint, and a worker thread does,
 * every CHECKPOINT_INTERVAL_MS. If the worker fails, the connection checkpoints itself again.
 */
@Injectable()
export class SqliteCheckpointer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('SqliteCheckpointer');
  private worker?: Worker;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const db = this.config.database;
    if (db.kind !== 'sqlite' || db.path === ':memory:') return;
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        driverPath: require.resolve('better-sqlite3'),
        path: db.path,
        intervalMs: CHECKPOINT_INTERVAL_MS,
      },
    });
    worker.unref();
    worker.on('error', (error) => {
      this.logger.warn(`checkpoint worker failed (${error.message}); checkpointing inline`);
    });
    worker.on('exit', () => {
      if (this.worker === worker) void this.checkpointInline();
    });
    this.worker = worker;
    await this.dataSource.query('PRAGMA wal_autocheckpoint = 0');
  }

  async onModuleDestroy(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.worker = undefined;
    const exited = new Promise<void>((done) => worker.once('exit', () => done()));
    worker.postMessage('stop');
    const timer = setTimeout(() => void worker.terminate(), 2000);
    await exited;
    clearTimeout(timer);
  }

  private async checkpointInline(): Promise<void> {
    this.worker = undefined;
    if (this.dataSource.isInitialized)
      await this.dataSource.query('PRAGMA wal_autocheckpoint = 1000').catch(() => undefined);
  }
}
