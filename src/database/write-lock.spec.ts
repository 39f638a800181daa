import { QueryFailedError, type DataSource } from 'typeorm';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import type { AppConfig } from '../config/app-config';
import { WriteLock } from './write-lock';

const dataSourceOf = (type: string) => ({ options: { type } }) as unknown as DataSource;
const configWithWait = (busyTimeoutMs: number) =>
  ({
    storage: { busyTimeoutMs },
    database: { kind: 'sqlite', path: ':memory:' },
  }) as unknown as AppConfig;
const lockFor = (type: string, busyTimeoutMs = 1000) =>
  new WriteLock(dataSourceOf(type), configWithWait(busyTimeoutMs), new Clock());
const tick = () => new Promise((resolve) => setImmediate(resolve));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What TypeORM throws when another process holds SQLite's write lock and the busy timeout is 0. */
const busyError = () =>
  new QueryFailedError(
    'INSERT ...',
    [],
    Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }),
  );

/** A unit of work that fails with SQLITE_BUSY until `lockedUntil` (epoch ms), then succeeds. */
function lockedUntil(until: number, value = 'written') {
  let attempts = 0;
  const work = () => {
    attempts++;
    return Date.now() < until ? Promise.reject(busyError()) : Promise.resolve(value);
  };
  return { work, attempts: () => attempts };
}

describe(WriteLock.name, () => {
  it('should run SQLite writes one at a time, in arrival order', async () => {
    const lock = lockFor('better-sqlite3');
    const events: string[] = [];
    let running = 0;
    let maxRunning = 0;
    const work = (name: string) => async () => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      events.push(`start ${name}`);
      await tick();
      events.push(`end ${name}`);
      running--;
      return name;
    };
    const results = await Promise.all(['a', 'b', 'c'].map((n) => lock.run(work(n))));
    expect(results).toEqual(['a', 'b', 'c']);
    expect(maxRunning).toBe(1);
    expect(events).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('should keep serving after a write fails, and hand the failure to its caller', async () => {
    const lock = lockFor('better-sqlite3');
    const failed = lock.run(() => Promise.reject(new Error('constraint')));
    const next = lock.run(() => Promise.resolve('next'));
    await expect(failed).rejects.toThrow('constraint');
    await expect(next).resolves.toBe('next');
  });

  it('should not serialise on PostgreSQL, whose pool gives each write its own connection', async () => {
    const lock = lockFor('postgres');
    let running = 0;
    let maxRunning = 0;
    const work = async () => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      await tick();
      running--;
    };
    await Promise.all([lock.run(work), lock.run(work), lock.run(work)]);
    expect(maxRunning).toBe(3);
  });

  it('should retry a write locked out by another process on timers, and finish once the lock frees', async () => {
    const lock = lockFor('better-sqlite3', 2000);
    const locked = lockedUntil(Date.now() + 150);
    let loopTurns = 0;
    const counter = setInterval(() => loopTurns++, 5);
    try {
      await expect(lock.run(locked.work)).resolves.toBe('written');
    } finally {
      clearInterval(counter);
    }
    expect(locked.attempts()).toBeGreaterThan(2);
    // The event loop kept turning while the write waited: it was never blocked by the wait.
    expect(loopTurns).toBeGreaterThan(5);
  });

  it('should fail with storage_busy, not the driver error, when the lock stays held past the wait', async () => {
    const lock = lockFor('better-sqlite3', 100);
    const locked = lockedUntil(Date.now() + 60_000);
    const started = Date.now();
    const error = await lock.run(locked.work).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'storage_busy', status: 503 });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('should let a write ask for a longer wait than the default', async () => {
    const lock = lockFor('better-sqlite3', 50);
    const locked = lockedUntil(Date.now() + 200);
    await expect(lock.run(locked.work, { waitMs: 2000 })).resolves.toBe('written');
  });

  it('should expire a queued write at its own deadline even while a longer write holds the queue', async () => {
    const lock = lockFor('better-sqlite3', 100);
    const patient = lock.run(lockedUntil(Date.now() + 400, 'patient').work, { waitMs: 5000 });
    const started = Date.now();
    const hurried = await lock.run(() => Promise.resolve('never')).catch((e: unknown) => e);
    expect(hurried).toMatchObject({ code: 'storage_busy' });
    expect(Date.now() - started).toBeLessThan(350);
    await expect(patient).resolves.toBe('patient');
    // The queue still serves after an expiry.
    await expect(lock.run(() => Promise.resolve('after'))).resolves.toBe('after');
  });

  it('should keep arrival order for writes that queued behind a locked-out one', async () => {
    const lock = lockFor('better-sqlite3', 2000);
    const order: string[] = [];
    const locked = lockedUntil(Date.now() + 80, 'first');
    const first = lock.run(async () => {
      const value = await locked.work();
      order.push(value);
      return value;
    });
    await sleep(5);
    const second = lock.run(() => {
      order.push('second');
      return Promise.resolve('second');
    });
    await Promise.all([first, second]);
    expect(order).toEqual(['first', 'second']);
  });
});
