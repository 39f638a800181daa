import { type ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';
import type { AuthenticatedUser } from '../access/authenticated-user';
import { AppError } from '../errors/app-error';

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
  protected override getTracker(req: Record<string, unknown>): Promise<string> {
    const user = req.user as AuthenticatedUser | undefined;
    if (user) return Promise.resolve(`user:${user.id}`);
    return Promise.resolve(`ip:${(req as unknown as FastifyRequest).ip ?? 'unknown'}`);
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
