import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AppError } from '../common/errors/app-error';
import { UsersRepository } from '../users/users.repository';
import { ROLE_SCOPES, type AuthenticatedUser } from './scopes';
import type { AccessTokenClaims } from './token.service';

const INVALID = 'Missing, invalid or expired access token';

/**
 * Turns verified claims into the caller. The role is read from the database, not the token, so a
 * demoted or deleted user loses access at once (within 2 s across instances) rather than when the
 * token expires.
 */
@Injectable()
export class AccessTokenVerifier {
  constructor(
    private readonly jwt: JwtService,
    private readonly users: UsersRepository,
  ) {}

  /** For transports without passport (Socket.IO handshakes): signature, alg, iss, aud, exp, then the user. */
  async verify(token: string): Promise<AuthenticatedUser> {
    let claims: AccessTokenClaims & { exp: number };
    try {
      claims = await this.jwt.verifyAsync(token);
    } catch {
      throw new AppError('unauthorized', INVALID);
    }
    return this.resolve(claims);
  }

  /**
   * Signature, alg, iss, aud and exp only, with the role as the token states it: no database read.
   * Only for the e-stop, which anyone signed in may trigger and which is safe whoever triggers it;
   * there a user lookup would be a database round trip before the stop frame leaves.
   */
  verifyClaimsOnly(token: string): AuthenticatedUser {
    let claims: AccessTokenClaims & { exp: number };
    try {
      claims = this.jwt.verify(token);
    } catch {
      throw new AppError('unauthorized', INVALID);
    }
    if (
      claims.typ !== 'access' ||
      typeof claims.sub !== 'string' ||
      !Object.hasOwn(ROLE_SCOPES, claims.role)
    ) {
      throw new AppError('unauthorized', INVALID);
    }
    return {
      id: claims.sub,
      username: claims.username,
      role: claims.role,
      scopes: ROLE_SCOPES[claims.role],
      tokenExpiresAt: claims.exp,
    };
  }

  async resolve(claims: Partial<AccessTokenClaims> & { exp?: number }): Promise<AuthenticatedUser> {
    if (
      claims.typ !== 'access' ||
      typeof claims.sub !== 'string' ||
      typeof claims.exp !== 'number'
    ) {
      throw new AppError('unauthorized', INVALID);
    }
    const user = await this.users.findByIdForAuth(claims.sub);
    if (!user) throw new AppError('unauthorized', INVALID);
    return {
      id: user.id,
      username: user.username,
      role: user.role,
      scopes: ROLE_SCOPES[user.role],
      tokenExpiresAt: claims.exp,
    };
  }
}
