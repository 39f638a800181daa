import { FixedWindowThrottlerStorage } from './fixed-window.storage';

describe(FixedWindowThrottlerStorage.name, () => {
  let storage: FixedWindowThrottlerStorage;

  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2026-11-25T12:00:00Z') });
    storage = new FixedWindowThrottlerStorage();
  });
  afterEach(() => {
    storage.onApplicationShutdown();
    jest.useRealTimers();
  });

  const hit = (key = 'user:1') => storage.increment(key, 60_000, 3, 0, 'default');

  it('should allow `limit` hits in a window and block the next one until the window ends', async () => {
    for (let i = 1; i <= 3; i++)
      expect(await hit()).toMatchObject({ totalHits: i, isBlocked: false });
    const blocked = await hit();
    expect(blocked.isBlocked).toBe(true);
    expect(blocked.timeToBlockExpire).toBe(60);
    jest.advanceTimersByTime(45_000);
    expect((await hit()).timeToBlockExpire).toBe(15);
    jest.advanceTimersByTime(15_000);
    expect(await hit()).toMatchObject({ totalHits: 1, isBlocked: false });
  });

  it('should count each key on its own', async () => {
    for (let i = 0; i < 4; i++) await hit('user:1');
    expect(await hit('user:2')).toMatchObject({ totalHits: 1, isBlocked: false });
  });

  it('should not count blocked hits, so hammering does not extend the block', async () => {
    for (let i = 0; i < 10; i++) await hit();
    jest.advanceTimersByTime(60_000);
    expect(await hit()).toMatchObject({ totalHits: 1, isBlocked: false });
  });

  it('should hold a block for blockDuration when one is given', async () => {
    const strict = (n: number) =>
      storage.increment('ip:1', 1000, 1, 5000, 'login').then((r) => ({ n, ...r }));
    await strict(1);
    expect((await strict(2)).isBlocked).toBe(true);
    jest.advanceTimersByTime(2000);
    expect((await strict(3)).isBlocked).toBe(true);
    jest.advanceTimersByTime(3000);
    expect((await strict(4)).isBlocked).toBe(false);
  });
});
