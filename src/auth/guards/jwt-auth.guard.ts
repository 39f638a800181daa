import { type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { Request } from 'express';
import { AppError } from '../../common/errors/app-error';
import { bearerTokenOf } from '../../common/http/bearer-token';
import { IS_PUBLIC_KEY, TOKEN_CLAIMS_ONLY_KEY } from '../../common/decorators/auth.decorators';
import { AccessTokenVerifier } from '../access-token-verifier';
import type { AuthenticatedUser } from '../../common/access/authenticated-user';

/** Global: every HTTP route needs a valid bearer token unless it is marked @Public(). */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: AccessTokenVerifier,
  ) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    if (context.getType() !== 'http') return true; // sockets authenticate once, at the handshake
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;
    if (this.reflector.get<boolean>(TOKEN_CLAIMS_ONLY_KEY, context.getHandler())) {
      const req = context.switchToHttp().getRequest<Request & { user?: AuthenticatedUser }>();
      const token = bearerTokenOf(req.headers.authorization);
      if (!token) throw new AppError('unauthorized', 'Missing, invalid or expired access token');
      req.user = this.verifier.verifyClaimsOnly(token);
      return true;
    }
    return super.canActivate(context);
  }

  override handleRequest<TUser>(err: unknown, user: TUser | false): TUser {
    if (err instanceof AppError) throw err;
    if (err || !user)
      throw new AppError('unauthorized', 'Missing, invalid or expired access token');
    return user;
  }
}
