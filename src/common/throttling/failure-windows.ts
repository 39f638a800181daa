interface Window {
  count: number;
  expiresAt: number;
}

/**
 * Fixed one-window-per-key counters of failures, O(1) per call like FixedWindowThrottlerStorage,
 * but with what a failure limit needs and a throttler does not: a check that counts nothing (so a
 * blocked caller is refused before any expensive work), and an attempt that is counted while it
 * runs and given back if it did not fail, so that concurrent guesses cannot overshoot the limit.
 * Time is passed in, so the caller's clock rules and tests need no timers.
 */
export class FailureWindows {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly ttlMs: number) {}

  /** Seconds until `key` is below `limit` again; 0 when it is below now. */
  retryAfterSeconds(key: string, limit: number, now: number): number {
    const window = this.live(key, now);
    if (!window || window.count < limit) return 0;
    return Math.max(1, Math.ceil((window.expiresAt - now) / 1000));
  }

  /** Counts one failure against `key`; the returned function takes it back (once). */
  count(key: string, now: number): () => void {
    let window = this.live(key, now);
    if (!window) {
      window = { count: 0, expiresAt: now + this.ttlMs };
      this.windows.set(key, window);
    }
    window.count++;
    const counted = window;
    let givenBack = false;
    return () => {
      // A window that has since expired was replaced; the attempt no longer counts anywhere.
      if (givenBack || this.windows.get(key) !== counted) return;
      givenBack = true;
      counted.count--;
    };
  }

  /** Drops expired windows; call it now and then so that keys seen once do not pile up. */
  sweep(now: number): void {
    for (const [key, window] of this.windows) {
      if (window.expiresAt <= now) this.windows.delete(key);
    }
  }

  get size(): number {
    return this.windows.size;
  }

  private live(key: string, now: number): Window | undefined {
    const window = this.windows.get(key);
    if (window && window.expiresAt <= now) {
      this.windows.delete(key);
      return undefined;
    }
    return window;
  }
}
