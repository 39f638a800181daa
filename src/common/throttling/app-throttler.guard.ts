import { type ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import type { Request } from 'express';
import type { AuthenticatedUser } from '../access/authenticated-user';
import { AppError } from '../errors/app-error';
import { resolveNumber, ThrottlePlans } from './throttle-plan';

/** The parts of a Socket.IO socket the tracker reads (no socket.io import in common/). */
interface TrackedSocket {
  data?: { user?: AuthenticatedUser };
  handshake?: { address?: string; headers?: Record<string, unknown> };
}

interface RequestResponse {
  req: Record<string, unknown>;
  res: Record<string, unknown>;
}

/**
 * Runs after the auth guard, so a signed-in caller is limited per user (many operators may share a
 * NAT) and an anonymous one per IP. A 429 carries Retry-After in seconds. Socket events count
 * against the same per-user budget: the socket is presented to the throttlers as a request with
 * the handshake's user and address, so every named throttler (and its getTracker) works unchanged.
 */
@Injectable()
export class AppThrottlerGuard extends ThrottlerGuard {
  private plans?: ThrottlePlans;

  /**
   * ThrottlerGuard.canActivate, step for step (its shouldSkip is not overridden here, so it is
   * not asked), with each handler's decorators read once (ThrottlePlans) and nothing awaited that
   * is not a promise: the library reads six decorators and awaits three values per named
   * throttler on every request, four throttlers here (bench/README.md, round two).
   */
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    this.plans ??= new ThrottlePlans(this.reflector, this.throttlers as never, () => ({
      skipIf: this.commonOptions.skipIf,
      // The library's constructor fills these two in when the options leave them out.
      getTracker: this.commonOptions.getTracker!,
      generateKey: this.commonOptions.generateKey!,
    }));
    for (const step of this.plans.for(context)) {
      if (step.skipped || step.skipIf?.(context)) continue;
      const name = step.throttler.name;
      // A plain number (the usual case) is used as it is: awaiting it would cost a microtask each.
      let limit = resolveNumber(step.limit, context, 'limit', name);
      if (typeof limit !== 'number') limit = await limit;
      let ttl = resolveNumber(step.ttl, context, 'ttl', name);
      if (typeof ttl !== 'number') ttl = await ttl;
      let blockDuration = resolveNumber(step.blockDuration ?? ttl, context, 'blockDuration', name);
      if (typeof blockDuration !== 'number') blockDuration = await blockDuration;
      await this.handleRequest({
        context,
        limit,
        ttl,
        throttler: step.throttler,
        blockDuration,
        getTracker: step.getTracker,
        generateKey: step.generateKey,
      });
    }
    return true;
  }

  protected override getTracker(req: Record<string, unknown>): Promise<string> {
    const user = req.user as AuthenticatedUser | undefined;
    if (user) return Promise.resolve(`user:${user.id}`);
    return Promise.resolve(`ip:${(req as unknown as Request).ip ?? 'unknown'}`);
  }

  protected override getRequestResponse(context: ExecutionContext): RequestResponse {
    if (context.getType() !== 'ws') return super.getRequestResponse(context);
    const socket = context.switchToWs().getClient<TrackedSocket>();
    return {
      req: {
        user: socket.data?.user,
        ip: socket.handshake?.address,
        headers: socket.handshake?.headers ?? {},
      },
      // Not the event's payload (Nest's second argument): there are no headers to set on a socket.
      res: {},
    };
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
