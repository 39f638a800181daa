import { Logger } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type { Redis } from 'ioredis';
import { RedisFallback } from '../redis/redis-fallback';
import {
  type FixedWindowThrottlerStorage,
  type ThrottlerStorageRecord,
  windowRecord,
} from './fixed-window.storage';

/**
 * FixedWindowThrottlerStorage's increment, line for line, as one script: read, decide and write
 * happen in Redis with nothing in between, so instances hitting one key at once cannot both take
 * the last place. Time is Redis's own (TIME), so instances whose clocks differ share one window.
 * The key lives as long as the window or the block, whichever ends later (the in-memory sweep).
 *
 * KEYS[1] the window; ARGV ttl ms, limit, block duration ms (0: blocked until the window ends).
 * Returns hits, ms until the window ends, ms until the block ends (<= 0: not blocked).
 */
const HIT_SCRIPT = `
local ttl, limit, block = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local window = redis.call('HMGET', KEYS[1], 'hits', 'expiresAt', 'blockedUntil')
local hits, expiresAt, blockedUntil = tonumber(window[1]), tonumber(window[2]), tonumber(window[3])
if hits == nil or (expiresAt <= now and blockedUntil <= now) then
  hits, expiresAt, blockedUntil = 0, now + ttl, 0
end
if blockedUntil <= now then
  hits = hits + 1
  if hits > limit then
    if block > 0 then blockedUntil = now + block else blockedUntil = expiresAt end
  end
  redis.call('HSET', KEYS[1], 'hits', hits,
    'expiresAt', string.format('%d', expiresAt), 'blockedUntil', string.format('%d', blockedUntil))
  redis.call('PEXPIREAT', KEYS[1], string.format('%d', math.max(expiresAt, blockedUntil)))
end
return { hits, expiresAt - now, blockedUntil - now }
`;

const HIT_COMMAND = 'rmcFixedWindowHit';

type HitCommand = (
  key: string,
  ttlMs: number,
  limit: number,
  blockMs: number,
) => Promise<[number, number, number]>;

/**
 * The API limits in Redis (REDIS_URL), so that a budget spent on one instance counts on all of
 * them, with the in-memory fixed window as the fallback while Redis cannot answer (RedisFallback
 * says why that fails open). The script is sent once and then run by its SHA (EVALSHA; ioredis
 * loads it again if Redis restarted and forgot it).
 */
export class RedisFixedWindowStorage implements ThrottlerStorage {
  private readonly fallback: RedisFallback;
  private readonly hit: HitCommand;

  constructor(
    client: Redis,
    private readonly local: FixedWindowThrottlerStorage,
  ) {
    client.defineCommand(HIT_COMMAND, { numberOfKeys: 1, lua: HIT_SCRIPT });
    const command = (client as unknown as Record<typeof HIT_COMMAND, HitCommand>)[HIT_COMMAND];
    this.hit = command.bind(client);
    this.fallback = new RedisFallback(client, 'Rate limits', new Logger('Throttling'));
  }

  increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    return this.fallback.run(
      async () => {
        const [hits, msToExpire, msToUnblock] = await this.hit(
          `throttle:${key}`,
          ttl,
          limit,
          blockDuration,
        );
        return windowRecord(hits, msToExpire, msToUnblock);
      },
      () => this.local.increment(key, ttl, limit, blockDuration, throttlerName),
    );
  }
}
