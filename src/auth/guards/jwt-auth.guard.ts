import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../common/errors/app-error';
import { bearerTokenOf } from '../../common/http/bearer-token';
import { AccessTokenVerifier } from '../access-token-verifier';
import type { AuthenticatedUser } from '../../common/access/authenticated-user';
import { routeAccessOf } from './route-access';

type AuthenticatedRequest = FastifyRequest & { user?: AuthenticatedUser };

/**
 * Global: every HTTP route needs a valid bearer token (the Authorization header only: a token in a
 * URL ends up in proxy logs and browser history) unless it is marked @Public(). It calls the
 * verifier directly rather than through passport, whose per-request strategy object, callbacks and
 * request decoration cost more than the HS256 check itself; the sockets use the same verifier.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: AccessTokenVerifier,
  ) {}

  /** Synchronous when the caller's user is cached (most requests): no promise to wait on. */
  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    if (context.getType() !== 'http') return true; // sockets authenticate once, at the handshake
    const access = routeAccessOf(this.reflector, context);
    if (access.isPublic) return true;
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = bearerTokenOf(req.headers.authorization);
    if (!token) throw new AppError('unauthorized', 'Missing, invalid or expired access token');
    const caller = access.tokenClaimsOnly
      ? this.verifier.verifyClaimsOnly(token)
      : this.verifier.verifyNow(token);
    if (caller instanceof Promise) {
      return caller.then((user) => {
        req.user = user;
        return true;
      });
    }
    req.user = caller;
    return true;
  }
}
