import { Injectable } from '@nestjs/common';
import type { Socket } from 'socket.io';
import { AccessTokenVerifier } from '../auth/access-token-verifier';
import type { AuthenticatedUser } from '../auth/scopes';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { bearerTokenOf } from '../common/http/bearer-token';

export interface SocketData {
  user: AuthenticatedUser;
}

type SocketMiddleware = (socket: Socket, next: (err?: Error) => void) => void;

/**
 * Handshake authentication for every namespace (guards do not run on connection). The token comes
 * from `auth.token` or an `Authorization: Bearer` header, never from the query string. A refused
 * handshake gets `connect_error` with the envelope's fields in `err.data`; an accepted socket is
 * disconnected when its token expires.
 */
@Injectable()
export class SocketAuthMiddleware {
  constructor(
    private readonly verifier: AccessTokenVerifier,
    private readonly clock: Clock,
  ) {}

  readonly handle: SocketMiddleware = (socket, next) => {
    this.authenticate(socket).then(
      () => next(),
      (error: unknown) => {
        const appError =
          error instanceof AppError ? error : new AppError('unauthorized', 'Authentication failed');
        const refused = new Error(appError.message) as Error & { data?: unknown };
        refused.data = {
          statusCode: appError.status,
          error: appError.code,
          message: appError.message,
        };
        next(refused);
      },
    );
  };

  private async authenticate(socket: Socket): Promise<void> {
    const token = tokenFrom(socket);
    if (!token) throw new AppError('unauthorized', 'Missing access token');
    const user = await this.verifier.verify(token);
    (socket.data as SocketData).user = user;
    const msLeft = user.tokenExpiresAt * 1000 - this.clock.nowMs();
    const timer = setTimeout(() => socket.disconnect(true), Math.max(0, msLeft));
    timer.unref();
    socket.once('disconnect', () => clearTimeout(timer));
  }
}

function tokenFrom(socket: Socket): string | undefined {
  const fromAuth = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
  if (typeof fromAuth === 'string' && fromAuth.length > 0)
    return fromAuth.replace(/^Bearer\s+/i, '');
  return bearerTokenOf(socket.handshake.headers.authorization);
}
