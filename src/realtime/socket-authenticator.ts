import { Injectable } from '@nestjs/common';
import type { Socket } from 'socket.io';
import { AccessTokenVerifier } from '../auth/access-token-verifier';
import type { AuthenticatedUser } from '../common/access/authenticated-user';
import { AppError } from '../common/errors/app-error';
import { bearerTokenOf } from '../common/http/bearer-token';

type Handshake = Socket['handshake'];

/**
 * The handshake's caller. The token comes from `auth.token` or an `Authorization: Bearer` header,
 * never from the query string (it would end up in access logs).
 */
@Injectable()
export class SocketAuthenticator {
  constructor(private readonly verifier: AccessTokenVerifier) {}

  async authenticate(handshake: Handshake): Promise<AuthenticatedUser> {
    const token = tokenFrom(handshake);
    if (!token) throw new AppError('unauthorized', 'Missing access token');
    return this.verifier.verify(token);
  }
}

function tokenFrom(handshake: Handshake): string | undefined {
  const fromAuth = (handshake.auth as { token?: unknown } | undefined)?.token;
  if (typeof fromAuth === 'string' && fromAuth.length > 0)
    return fromAuth.replace(/^Bearer\s+/i, '');
  return bearerTokenOf(handshake.headers.authorization);
}
