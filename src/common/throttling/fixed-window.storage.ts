import { Injectable, type OnApplicationShutdown, Optional } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { Clock } from '../clock/clock';

export type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

interface Window {
  hits: number;
  expiresAt: number;
  blockedUntil: number;
}

const SWEEP_INTERVAL_MS = 60_000;

/**
 * An O(1) fixed-window counter per key. The library's default storage keeps one timestamp per hit
 * and filters the whole list on every request, which grows with the limit; this keeps a count and
 * an expiry. RedisFixedWindowStorage runs the same algorithm in Redis when REDIS_URL is set; this one
 * is then its fallback while Redis is away.
 */
@Injectable()
export class FixedWindowThrottlerStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly windows = new Map<string, Window>();
  private readonly sweeper: NodeJS.Timeout;

  // Optional so the storage can stand alone (its specs, the Redis fallback) on the real clock.
  constructor(@Optional() private readonly clock: Clock = new Clock()) {
    this.sweeper = setInterval(() => this.sweep(), SWEEP_INTERVAL_MS);
    this.sweeper.unref();
  }

  increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    _throttlerName: string, // keys already include the throttler's name
  ): Promise<ThrottlerStorageRecord> {
    const now = this.now();
    let window = this.windows.get(key);
    if (!window || (window.expiresAt <= now && window.blockedUntil <= now)) {
      window = { hits: 0, expiresAt: now + ttl, blockedUntil: 0 };
      this.windows.set(key, window);
    }
    const blocked = window.blockedUntil > now;
    if (!blocked) window.hits++;
    if (!blocked && window.hits > limit) {
      window.blockedUntil = blockDuration > 0 ? now + blockDuration : window.expiresAt;
    }
    return Promise.resolve(
      windowRecord(window.hits, window.expiresAt - now, window.blockedUntil - now),
    );
  }

  private now(): number {
    return this.clock.nowMs();
  }

  onApplicationShutdown(): void {
    clearInterval(this.sweeper);
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, window] of this.windows) {
      if (window.expiresAt <= now && window.blockedUntil <= now) this.windows.delete(key);
    }
  }
}

/** What the throttler is told, from a window's hits and its milliseconds left (shared with Redis). */
export function windowRecord(
  hits: number,
  msToExpire: number,
  msToUnblock: number,
): ThrottlerStorageRecord {
  const isBlocked = msToUnblock > 0;
  return {
    totalHits: hits,
    timeToExpire: Math.max(0, Math.ceil(msToExpire / 1000)),
    isBlocked,
    timeToBlockExpire: isBlocked ? Math.max(1, Math.ceil(msToUnblock / 1000)) : 0,
  };
}
