import type { DataSource } from 'typeorm';
import { WriteLock } from './write-lock';

const dataSourceOf = (type: string) => ({ options: { type } }) as unknown as DataSource;
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe(WriteLock.name, () => {
  it('should run SQLite writes one at a time, in arrival order', async () => {
    const lock = new WriteLock(dataSourceOf('better-sqlite3'));
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
    const lock = new WriteLock(dataSourceOf('better-sqlite3'));
    const failed = lock.run(() => Promise.reject(new Error('constraint')));
    const next = lock.run(() => Promise.resolve('next'));
    await expect(failed).rejects.toThrow('constraint');
    await expect(next).resolves.toBe('next');
  });

  it('should not serialise on PostgreSQL, whose pool gives each write its own connection', async () => {
    const lock = new WriteLock(dataSourceOf('postgres'));
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
});
