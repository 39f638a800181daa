/*
 * Storage benchmark (not a test): what a SQLite write lock held by another process costs the event
 * loop, and what the two ways of not waiting on it would cost a normal write. `npm run bench:storage`;
 * see bench/README.md.
 *
 * Rows:
 *   - the event loop's worst stall while one write waits 2 s for the lock: with the driver's busy
 *     handler (busy_timeout 2000, what the service did before) and with the service's WriteLock
 *     (busy_timeout 0, retries on timers);
 *   - the cost of an unlocked single-row insert: in-process (better-sqlite3 on the main thread, as
 *     the service runs it) and on a worker thread (one postMessage round trip per write), the other
 *     design the review suggested.
 * Every loop is bounded in count and time; the lock holder is a child process on the same file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { QueryFailedError, type DataSource } from 'typeorm';
import { Clock } from '../../src/common/clock/clock';
import type { AppConfig } from '../../src/config/app-config';
import { WriteLock } from '../../src/database/write-lock';
import { SqliteLockHolder } from '../../test/helpers/sqlite-lock-holder';

/** The slice of better-sqlite3 used here (the package ships no typings; TypeORM loads it untyped too). */
interface SqliteDatabase {
  pragma(sql: string): unknown;
  exec(sql: string): void;
  prepare(sql: string): { run(...params: unknown[]): { changes: number } };
  close(): void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Database = require('better-sqlite3') as new (
  path: string,
  options?: { timeout?: number },
) => SqliteDatabase;

const LOCK_WAIT_MS = 2000;
const INSERTS = Number(process.env.BENCH_INSERTS ?? 5000);

function openDatabase(path: string, busyTimeoutMs: number): SqliteDatabase {
  const db = new Database(path, { timeout: busyTimeoutMs });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)');
  return db;
}

/** The worst event-loop stall (ms) while `work` runs, sampled at 1 ms resolution. */
async function worstStall(work: () => Promise<unknown>): Promise<number> {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  // Its first sample only sets the baseline: let it tick before the work starts.
  await new Promise((resolve) => setTimeout(resolve, 20));
  try {
    await work();
  } catch {
    // a refused write is the expected outcome of both variants
  }
  // The histogram learns of a stall when its timer fires late: give it the chance after a block.
  await new Promise((resolve) => setTimeout(resolve, 20));
  delay.disable();
  return delay.max / 1e6;
}

/** One write while the holder keeps the lock for longer than the write will wait. */
async function stallWhileLocked(
  path: string,
  holder: SqliteLockHolder,
  variant: 'driver busy wait' | 'WriteLock retries on timers',
): Promise<{ stallMs: number; answeredMs: number }> {
  const db = openDatabase(path, variant === 'driver busy wait' ? LOCK_WAIT_MS : 0);
  const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
  await holder.lock();
  const started = Date.now();
  let answeredMs = 0;
  const stallMs = await worstStall(async () => {
    try {
      if (variant === 'driver busy wait') {
        insert.run('x');
      } else {
        const lock = new WriteLock(
          { options: { type: 'better-sqlite3' }, isInitialized: false } as unknown as DataSource,
          { storage: { busyTimeoutMs: LOCK_WAIT_MS } } as unknown as AppConfig,
          new Clock(),
        );
        await lock.run(() => {
          try {
            return Promise.resolve(insert.run('x'));
          } catch (error) {
            // What TypeORM wraps a driver error in, so WriteLock recognises SQLITE_BUSY.
            return Promise.reject(new QueryFailedError('INSERT', [], error as Error));
          }
        });
      }
    } finally {
      answeredMs = Date.now() - started;
    }
  });
  await holder.release();
  db.close();
  return { stallMs, answeredMs };
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
parentPort.on('message', (v) => parentPort.postMessage(insert.run(v).changes));
`;

async function insertCosts(path: string): Promise<{ inProcessUs: number; workerUs: number }> {
  const db = openDatabase(path, 0);
  const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
  for (let i = 0; i < 200; i++) insert.run('warm');
  let started = process.hrtime.bigint();
  for (let i = 0; i < INSERTS; i++) insert.run(`row ${i}`);
  const inProcessUs = Number(process.hrtime.bigint() - started) / 1e3 / INSERTS;
  db.close();

  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { path, driver: require.resolve('better-sqlite3') },
  });
  const roundTrip = (v: string) =>
    new Promise<void>((resolve) => {
      worker.once('message', () => resolve());
      worker.postMessage(v);
    });
  for (let i = 0; i < 200; i++) await roundTrip('warm');
  started = process.hrtime.bigint();
  for (let i = 0; i < INSERTS; i++) await roundTrip(`row ${i}`);
  const workerUs = Number(process.hrtime.bigint() - started) / 1e3 / INSERTS;
  await worker.terminate();
  return { inProcessUs, workerUs };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'rmc-bench-storage-'));
  const path = join(dir, 'bench.db');
  openDatabase(path, 0).close();
  const holder = await SqliteLockHolder.start(path);
  try {
    const driver = await stallWhileLocked(path, holder, 'driver busy wait');
    const timers = await stallWhileLocked(path, holder, 'WriteLock retries on timers');
    const costs = await insertCosts(path);
    const f = (n: number) => n.toFixed(1);
    process.stdout.write(
      [
        `Storage benchmark, ${new Date().toISOString()}, node ${process.version}`,
        '',
        `| one write while another process holds the lock (waits up to ${LOCK_WAIT_MS} ms) | worst event-loop stall (ms) | write answered after (ms) |`,
        '| --- | ---: | ---: |',
        `| driver busy wait (busy_timeout ${LOCK_WAIT_MS}) | ${f(driver.stallMs)} | ${driver.answeredMs} |`,
        `| WriteLock: busy_timeout 0, retries on timers | ${f(timers.stallMs)} | ${timers.answeredMs} |`,
        '',
        `| unlocked single-row insert (synchronous=FULL, WAL), mean of ${INSERTS} | µs per write |`,
        '| --- | ---: |',
        `| in-process, main thread (the service) | ${f(costs.inProcessUs)} |`,
        `| worker thread, one postMessage round trip each | ${f(costs.workerUs)} |`,
        '',
      ].join('\n'),
    );
  } finally {
    await holder.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench:storage failed: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
