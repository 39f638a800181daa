import { FailureWindows } from './failure-windows';

describe(FailureWindows.name, () => {
  const T0 = 1_000_000;
  let windows: FailureWindows;

  beforeEach(() => {
    windows = new FailureWindows(60_000);
  });

  it('should allow a key until it has `limit` failures, then say when the window ends', () => {
    for (let i = 0; i < 3; i++) {
      expect(windows.retryAfterSeconds('user:a', 3, T0)).toBe(0);
      windows.count('user:a', T0);
    }
    expect(windows.retryAfterSeconds('user:a', 3, T0)).toBe(60);
    expect(windows.retryAfterSeconds('user:a', 3, T0 + 45_500)).toBe(15);
    expect(windows.retryAfterSeconds('user:a', 3, T0 + 60_000)).toBe(0);
  });

  it('should not count when only checking, however often', () => {
    for (let i = 0; i < 100; i++) windows.retryAfterSeconds('ip:1', 1, T0);
    expect(windows.retryAfterSeconds('ip:1', 1, T0)).toBe(0);
    expect(windows.size).toBe(0);
  });

  it('should count each key on its own', () => {
    windows.count('user:a', T0);
    expect(windows.retryAfterSeconds('user:a', 1, T0)).toBeGreaterThan(0);
    expect(windows.retryAfterSeconds('user:b', 1, T0)).toBe(0);
  });

  it('should take a failure back once, however often the give-back is called', () => {
    windows.count('user:a', T0);
    const giveBack = windows.count('user:a', T0);
    giveBack();
    giveBack();
    expect(windows.retryAfterSeconds('user:a', 2, T0)).toBe(0);
    expect(windows.retryAfterSeconds('user:a', 1, T0)).toBe(60);
  });

  it('should not take a failure back from a later window than the one it was counted in', () => {
    const giveBack = windows.count('user:a', T0);
    windows.count('user:a', T0 + 61_000); // a new window
    giveBack();
    expect(windows.retryAfterSeconds('user:a', 1, T0 + 61_000)).toBe(60);
  });

  it('should drop expired windows on sweep and keep live ones', () => {
    windows.count('old', T0);
    windows.count('new', T0 + 30_000);
    windows.sweep(T0 + 60_000);
    expect(windows.size).toBe(1);
    expect(windows.retryAfterSeconds('new', 1, T0 + 60_000)).toBe(30);
  });
});
