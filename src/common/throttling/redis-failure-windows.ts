import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { RedisFallback } from '../redis/redis-fallback';
import {
  type FailureAdmission,
  type FailureCounter,
  type FailureLimit,
  once,
} from './failure-counter';

/**
 * FailureWindows' check and count in one script. KEYS the windows; ARGV[1] a window's length in
 * ms, ARGV[i + 1] the limit of KEYS[i]. When a key is at its limit, counts nothing and returns
 * { 0, ms until the latest such window ends }; otherwise counts one failure against every key (in a
 * new window where the last one ended) and returns { 1, end of KEYS[1]'s window, ... }. A window's
 * end names it: a later window of the key ends later. Time is Redis's own (TIME), so instances
 * whose clocks differ share one window.
 */
const ADMIT_SCRIPT = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local ttl = tonumber(ARGV[1])
local counts, ends, wait = {}, {}, 0
for i, key in ipairs(KEYS) do
  local window = redis.call('HMGET', key, 'count', 'expiresAt')
  local count, expiresAt = tonumber(window[1]), tonumber(window[2])
  if count == nil or expiresAt <= now then count, expiresAt = 0, now + ttl end
  if count >= tonumber(ARGV[i + 1]) then wait = math.max(wait, expiresAt - now) end
  counts[i], ends[i] = count, expiresAt
end
if wait > 0 then return { 0, wait } end
local reply = { 1 }
for i, key in ipairs(KEYS) do
  redis.call('HSET', key, 'count', counts[i] + 1, 'expiresAt', string.format('%d', ends[i]))
  redis.call('PEXPIREAT', key, string.format('%d', ends[i]))
  reply[i + 1] = ends[i]
end
return reply
`;

/** KEYS the windows, ARGV[i] the end ADMIT_SCRIPT returned for KEYS[i]: one failure back from each. */
const GIVE_BACK_SCRIPT = `
for i, key in ipairs(KEYS) do
  local window = redis.call('HMGET', key, 'count', 'expiresAt')
  if tonumber(window[2]) == tonumber(ARGV[i]) and tonumber(window[1]) > 0 then
    redis.call('HINCRBY', key, 'count', -1)
  end
end
return 0
`;

/** Defined without numberOfKeys: each call passes its key count first. */
interface FailureCommands {
  rmcFailureAdmit(keyCount: number, ...keysThenArgs: (string | number)[]): Promise<number[]>;
  rmcFailureGiveBack(keyCount: number, ...keysThenArgs: (string | number)[]): Promise<number>;
}

/**
 * FailureWindows in Redis (REDIS_URL): failures counted on one instance refuse the next attempt on
 * every instance, with the same semantics (a check that counts nothing when refused, a give-back
 * from the window the failure was counted in only). While Redis cannot answer, `local` counts
 * instead (RedisFallback says why that fails open), and a failure is given back where it was
 * counted.
 */
export class RedisFailureWindows implements FailureCounter {
  private readonly commands: FailureCommands;
  private readonly fallback: RedisFallback;

  constructor(
    client: Redis,
    private readonly ttlMs: number,
    private readonly local: FailureCounter,
  ) {
    client.defineCommand('rmcFailureAdmit', { lua: ADMIT_SCRIPT });
    client.defineCommand('rmcFailureGiveBack', { lua: GIVE_BACK_SCRIPT });
    this.commands = client as unknown as FailureCommands;
    this.fallback = new RedisFallback(client, 'Login failure limits', new Logger('LoginLimits'));
  }

  admit(limits: readonly FailureLimit[]): Promise<FailureAdmission> {
    const keys = limits.map(({ key }) => `login-failures:${key}`);
    return this.fallback.run(
      async (): Promise<FailureAdmission> => {
        const [admitted, ...rest] = await this.commands.rmcFailureAdmit(
          keys.length,
          ...keys,
          this.ttlMs,
          ...limits.map(({ limit }) => limit),
        );
        if (admitted !== 1) {
          return { admitted: false, retryAfterSeconds: Math.max(1, Math.ceil(rest[0] / 1000)) };
        }
        const giveBack = once(async () => {
          // Redis gone since: the failures stay counted until their windows end, never longer.
          await this.fallback.run(
            () => this.commands.rmcFailureGiveBack(keys.length, ...keys, ...rest),
            () => 0,
          );
        });
        return { admitted: true, giveBack };
      },
      () => this.local.admit(limits),
    );
  }
}
