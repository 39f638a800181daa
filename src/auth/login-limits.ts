import { isIPv6 } from 'node:net';
import { Injectable, type OnModuleDestroy, Optional } from '@nestjs/common';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { RedisConnection } from '../common/redis/redis-connection';
import { type FailureCounter, localFailureCounter } from '../common/throttling/failure-counter';
import { FailureWindows } from '../common/throttling/failure-windows';
import { RedisFailureWindows } from '../common/throttling/redis-failure-windows';
import { AppConfig } from '../config/app-config';

const SWEEP_INTERVAL_MS = 60_000;

/**
 * Failed-credential limits beside the `login` throttler (every attempt, per address and username):
 * failures per username from any address, which stops a guesser spread over many addresses, and
 * failures per address across usernames, which stops spraying one password at many accounts. The
 * username is counted whether or not it exists, so the answers cannot tell the two apart. With
 * REDIS_URL the failures are counted in Redis, so a guesser cannot spread over the instances; this
 * process's windows count while Redis is away, and always without it.
 */
@Injectable()
export class LoginLimits implements OnModuleDestroy {
  private readonly failures: FailureCounter;
  private readonly userLimit: number;
  private readonly ipLimit: number;
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    config: AppConfig,
    private readonly clock: Clock,
    @Optional() redis?: RedisConnection,
  ) {
    const { loginTtlMs } = config.throttle;
    const windows = new FailureWindows(loginTtlMs);
    const local = localFailureCounter(windows, () => this.clock.nowMs());
    this.failures = redis?.commands
      ? new RedisFailureWindows(redis.commands, loginTtlMs, local)
      : local;
    this.userLimit = config.throttle.loginUserFailureLimit;
    this.ipLimit = config.throttle.loginIpFailureLimit;
    this.sweeper = setInterval(() => windows.sweep(this.clock.nowMs()), SWEEP_INTERVAL_MS);
    this.sweeper.unref();
  }

  /**
   * Runs `check` (which hashes a password) unless the username or the address is blocked, which
   * is refused with 429 before any hashing, even when the password would be right. A null result
   * is a failure against both; the attempt counts while it runs, so parallel guesses cannot pass
   * the limit, and is given back when `check` succeeds or throws.
   */
  async attempt<T>(
    username: string,
    ip: string | undefined,
    check: () => Promise<T | null>,
  ): Promise<T | null> {
    const admission = await this.failures.admit([
      { key: `user:${username.trim().toLowerCase()}`, limit: this.userLimit },
      { key: addressKey(ip), limit: this.ipLimit },
    ]);
    if (!admission.admitted) {
      throw new AppError(
        'rate_limited',
        'Too many failed sign-in attempts; retry later',
        undefined,
        {
          'Retry-After': String(admission.retryAfterSeconds),
        },
      );
    }
    let failed = false;
    try {
      const result = await check();
      failed = result === null;
      return result;
    } finally {
      if (!failed) await admission.giveBack();
    }
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }
}

/**
 * The address a failure counts against. An IPv6 client usually holds a whole /64 and can pick a new
 * address in it for every request, so IPv6 addresses count per /64; IPv4-mapped ones count as IPv4.
 */
export function addressKey(ip: string | undefined): string {
  if (ip === undefined) return 'ip:unknown';
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (mapped) return `ip:${mapped[1]}`;
  if (!isIPv6(ip)) return `ip:${ip}`;
  const [head, tail] = ip.split('%')[0].toLowerCase().split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  // `::` stands for as many zero groups as the others leave of eight; a dotted IPv4 tail is two.
  const tailLength = tailGroups.reduce((n, group) => n + (group.includes('.') ? 2 : 1), 0);
  const zeros = tail === undefined ? 0 : 8 - headGroups.length - tailLength;
  const groups = [...headGroups, ...Array<string>(zeros).fill('0'), ...tailGroups];
  const prefix = groups.slice(0, 4).map((group) => parseInt(group, 16).toString(16));
  return `ip6:${prefix.join(':')}::/64`;
}
