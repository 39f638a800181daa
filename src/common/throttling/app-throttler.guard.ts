import { type ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import type { Request } from 'express';
import type { AuthenticatedUser } from '../../auth/scopes';
import { AppError } from '../errors/app-error';

/**
 * Runs after the auth guard, so a signed-in caller is limited per user (many operators may share a
 * NAT) and an anonymous one per IP. A 429 carries Retry-After in seconds.
 */
@Injectable()
export class AppThrottlerGuard extends ThrottlerGuard {
  protected override getTracker(req: Record<string, unknown>): Promise<string> {
    const user = req.user as AuthenticatedUser | undefined;
    if (user) return Promise.resolve(`user:${user.id}`);
    return Promise.resolve(`ip:${(req as unknown as Request).ip ?? 'unknown'}`);
  }

  protected override throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const retryAfter = Math.max(1, Math.ceil(detail.timeToBlockExpire));
    throw new AppError('rate_limited', 'Too many requests; retry later', undefined, {
      'Retry-After': String(retryAfter),
    });
  }
}
