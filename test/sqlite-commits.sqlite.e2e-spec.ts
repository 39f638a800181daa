import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { fileSync } from '../src/database/file-sync';
import { WriteLock } from '../src/database/write-lock';
import { loginAdmin, type Session } from './helpers/auth';
import { createTestApp, type TestApp } from './helpers/create-test-app';

interface SqliteFile {
  prepare(sql: string): { get(): { names: string | null } };
  close(): void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Database = require('better-sqlite3') as new (
  path: string,
  options?: { readonly?: boolean },
) => SqliteFile;

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * Commits do not wait for the disk on the event loop (synchronous=NORMAL), a worker thread copies
 * the WAL into the database file (which syncs it), and a `durable` write resolves once the WAL is
 * synced, in the thread pool.
 */
describe('SQLite commits and checkpoints (real file)', () => {
  let t: TestApp;
  let admin: Session;
  let dataSource: DataSource;
  const scratch = mkdtempSync(join(tmpdir(), 'rmc-wal-'));

  const pragma = async (name: string): Promise<number | string> => {
    const rows = await dataSource.query<Record<string, number | string>[]>(`PRAGMA ${name}`);
    return Object.values(rows[0])[0];
  };

  /** The database file alone, as a power cut would leave it if the WAL had never been synced. */
  const usernamesInMainFile = (): string[] => {
    const copy = join(scratch, `main-${Date.now()}.db`);
    copyFileSync(t.db.path!, copy);
    const db = new Database(copy, { readonly: true });
    try {
      const row = db.prepare(`SELECT group_concat(username, ',') AS names FROM users`).get();
      return (row.names ?? '').split(',');
    } catch {
      return []; // not even the schema has reached the file yet
    } finally {
      db.close();
    }
  };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginAdmin(t.baseUrl);
    dataSource = t.app.get(DataSource);
  });

  afterAll(async () => {
    await t?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('should commit without syncing, and leave checkpoints to the worker', async () => {
    expect(await pragma('journal_mode')).toBe('wal');
    expect(await pragma('synchronous')).toBe(1); // NORMAL
    expect(await pragma('wal_autocheckpoint')).toBe(0);
  });

  it('should carry a committed write into the database file within the checkpoint interval', async () => {
    const username = `wal-${Date.now()}`;
    const created = await request(t.baseUrl)
      .post('/api/users')
      .set('Authorization', `Bearer ${admin.accessToken}`)
      .send({ username, password: 'a-long-enough-password-1', role: 'viewer' });
    expect(created.status).toBe(201);
    const deadline = Date.now() + 5000;
    let names = usernamesInMainFile();
    while (!names.includes(username) && Date.now() < deadline) {
      await sleep(100);
      names = usernamesInMainFile();
    }
    expect(names).toContain(username);
  });

  it('should sync the WAL after a durable write, off the event loop, and leave the level at NORMAL', async () => {
    const lock = t.app.get(WriteLock);
    const opened = jest.spyOn(fileSync, 'datasync');
    try {
      const inside = await lock.run(() => pragma('synchronous'), { durable: true });
      expect(inside).toBe(1);
      expect(opened.mock.calls.map(([path]) => String(path))).toEqual([`${t.db.path}-wal`]);
      opened.mockClear();
      // An ordinary write does not sync.
      await lock.run(() => pragma('synchronous'));
      expect(opened).not.toHaveBeenCalled();
      // A failed durable write has nothing to sync, and says why it failed.
      await expect(
        lock.run(() => Promise.reject(new Error('constraint')), { durable: true }),
      ).rejects.toThrow('constraint');
      expect(opened).not.toHaveBeenCalled();
    } finally {
      opened.mockRestore();
    }
  });

  it('should resolve a durable write only once the sync has finished', async () => {
    const lock = t.app.get(WriteLock);
    let releaseSync!: () => void;
    const syncHeld = new Promise<void>((resolve) => (releaseSync = resolve));
    const realSync = fileSync.datasync.bind(fileSync);
    const opened = jest.spyOn(fileSync, 'datasync').mockImplementation(async (...args) => {
      await syncHeld;
      return realSync(...args);
    });
    try {
      let resolved = false;
      const write = lock
        .run(() => Promise.resolve('stored'), { durable: true })
        .then((value) => {
          resolved = true;
          return value;
        });
      await sleep(50);
      expect(resolved).toBe(false);
      // Other writes are not held behind the sync.
      await expect(lock.run(() => Promise.resolve('next'))).resolves.toBe('next');
      releaseSync();
      await expect(write).resolves.toBe('stored');
    } finally {
      opened.mockRestore();
    }
  });
});
