import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppError } from '../../common/errors/app-error';
import type { AuthenticatedUser } from '../../common/access/authenticated-user';
import { routeAccessOf } from './route-access';

/**
 * Global, after JwtAuthGuard. A closed route that declares no scopes is refused: forgetting the
 * declaration must fail closed, not open. Socket events too: the handshake authenticated the
 * socket, and each gateway (or handler) still declares what its events need.
 */
@Injectable()
export class ScopesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const kind = context.getType();
    if (kind !== 'http' && kind !== 'ws') return true;
    const access = routeAccessOf(this.reflector, context);
    if (access.isPublic) return true;
    const required = access.requiredScopes;
    if (required === undefined)
      throw new AppError('forbidden', 'This route declares no access rule');
    const user =
      kind === 'ws'
        ? context.switchToWs().getClient<{ data?: { user?: AuthenticatedUser } }>().data?.user
        : context.switchToHttp().getRequest<{ user?: AuthenticatedUser }>().user;
    if (!user) throw new AppError('unauthorized', 'Missing, invalid or expired access token');
    const missing = required.filter((scope) => !user.scopes.includes(scope));
    if (missing.length > 0) throw new AppError('forbidden', `Missing scope: ${missing.join(', ')}`);
    return true;
  }
}
