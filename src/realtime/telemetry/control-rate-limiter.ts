import { Injectable } from '@nestjs/common';
import { InjectThrottlerStorage, ThrottlerStorage } from '@nestjs/throttler';
import { AppError } from '../../common/errors/app-error';
import { AppConfig } from '../../config/app-config';

/**
 * The REST control limit (10 a second per user, API.md §3) for motion sent over a socket. It
 * counts in the same throttler storage under the same key as the HTTP `control` throttler, so a
 * user driving over both shares one budget (and, with Redis, across instances).
 */
@Injectable()
export class ControlRateLimiter {
  constructor(
    @InjectThrottlerStorage() private readonly storage: ThrottlerStorage,
    private readonly config: AppConfig,
  ) {}

  async hit(userId: string): Promise<void> {
    const { controlLimit, controlTtlMs } = this.config.throttle;
    const record = await this.storage.increment(
      `control:user:${userId}`,
      controlTtlMs,
      controlLimit,
      0,
      'control',
    );
    if (record.isBlocked) {
      throw new AppError('rate_limited', 'Too many control commands; retry later', undefined, {
        'Retry-After': String(Math.max(1, record.timeToBlockExpire)),
      });
    }
  }
}
