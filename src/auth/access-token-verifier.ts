import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { UsersRepository } from '../users/users.repository';
import type { UserEntity } from '../users/entities/user.entity';
import { ROLE_SCOPES } from '../common/access/roles-and-scopes';
import type { AuthenticatedUser } from '../common/access/authenticated-user';
import { RevokedSessions } from './sessions/revoked-sessions';
import type { AccessTokenClaims } from './token.service';
import { VerifiedTokenCache, type VerifiedToken } from './verified-token-cache';

const INVALID = 'Missing, invalid or expired access token';

/** How far ahead of this clock an `iat` may be: instances' clocks differ a little, never by more. */
export const MAX_IAT_SKEW_SECONDS = 2;

export type { VerifiedToken } from './verified-token-cache';

/** Distinct tokens whose verified signature is kept (a few KB each at most). */
const VERIFIED_TOKEN_CACHE_ENTRIES = 10_000;

type Claims = AccessTokenClaims & { exp: number; iat?: number };

/**
 * Turns verified claims into the caller. The role is read from the database, not the token, so a
 * demoted or deleted user loses access at once (within 2 s across instances) rather than when the
 * token expires.
 */
@Injectable()
export class AccessTokenVerifier {
  private readonly verifiedTokens = new VerifiedTokenCache(VERIFIED_TOKEN_CACHE_ENTRIES);

  constructor(
    private readonly jwt: JwtService,
    private readonly users: UsersRepository,
    private readonly revoked: RevokedSessions,
    private readonly clock: Clock,
  ) {}

  /** Every request and handshake: signature, alg, iss, aud, exp, then the claims and the user. */
  async verify(token: string): Promise<AuthenticatedUser> {
    const claims = this.acceptedClaims(this.verifiedSignature(token));
    return callerOf(await this.users.findByIdForAuth(claims.sub), claims);
  }

  /**
   * `verify`, answered synchronously when the user is cached (most requests), so that the HTTP
   * guard has no promise to wait on; a sync throw where `verify` would reject.
   */
  verifyNow(token: string): AuthenticatedUser | Promise<AuthenticatedUser> {
    const claims = this.acceptedClaims(this.verifiedSignature(token));
    const cached = this.users.cachedForAuth(claims.sub);
    if (cached !== undefined) return callerOf(cached, claims);
    return this.users.findByIdForAuth(claims.sub).then((user) => callerOf(user, claims));
  }

  /**
   * jsonwebtoken's verdict on the token, from the cache when this exact token verified before and
   * has not expired (`exp` is checked here on a hit, as jsonwebtoken checks it on a miss).
   */
  private verifiedSignature(token: string): VerifiedToken {
    const nowMs = this.clock.nowMs();
    const cached = this.verifiedTokens.get(token, nowMs);
    if (cached) return cached;
    let verified: VerifiedToken;
    try {
      // The injected clock, as on a cache hit, so both paths agree on when a token expires.
      verified = this.jwt.verify<VerifiedToken>(token, {
        complete: true,
        clockTimestamp: Math.floor(nowMs / 1000),
      });
    } catch {
      throw new AppError('unauthorized', INVALID);
    }
    const exp = (verified.payload as { exp?: unknown } | null)?.exp;
    if (typeof exp === 'number') this.verifiedTokens.set(token, verified, exp * 1000);
    return verified;
  }

  /**
   * Signature, alg, iss, aud, exp and revocation only, with the role as the token states it: no
   * database read. Only for the e-stop, which anyone signed in may trigger and which is safe
   * whoever triggers it; there a user lookup would be a database round trip before the stop frame
   * leaves. Synchronous on purpose: the revocation check is a lookup in memory.
   */
  verifyClaimsOnly(token: string): AuthenticatedUser {
    const claims = this.acceptedClaims(this.verifiedSignature(token));
    if (!Object.hasOwn(ROLE_SCOPES, claims.role)) throw new AppError('unauthorized', INVALID);
    return callerOf({ id: claims.sub, username: claims.username, role: claims.role }, claims);
  }

  /** What jsonwebtoken does not check, the same on every path. */
  private acceptedClaims({ header, payload }: VerifiedToken): Claims {
    // RFC 7515 §4.1.11: a recipient must refuse `crit` extensions it does not understand, and this
    // service understands none; jsonwebtoken ignores the header.
    if ('crit' in header) throw new AppError('unauthorized', INVALID);
    const claims = (
      typeof payload === 'object' && payload !== null ? payload : {}
    ) as Partial<Claims>;
    if (
      claims.typ !== 'access' ||
      typeof claims.sub !== 'string' ||
      typeof claims.sid !== 'string' ||
      typeof claims.exp !== 'number'
    ) {
      throw new AppError('unauthorized', INVALID);
    }
    // A token from the future was not issued by this service: it comes from a leaked key or a
    // wrong clock, and would fool any rule that trusts `iat` (a maximum age, issued before a reset).
    const nowSeconds = this.clock.nowMs() / 1000;
    if (typeof claims.iat === 'number' && claims.iat > nowSeconds + MAX_IAT_SKEW_SECONDS) {
      throw new AppError('unauthorized', INVALID);
    }
    if (this.revoked.has(claims.sid)) throw new AppError('unauthorized', INVALID);
    return claims as Claims;
  }
}

/** The caller: who the user is now (or, claims-only, as the token states), and the login. */
function callerOf(
  user: Pick<UserEntity, 'id' | 'username' | 'role'> | null,
  claims: Claims,
): AuthenticatedUser {
  if (!user) throw new AppError('unauthorized', INVALID);
  return {
    id: user.id,
    username: user.username,
    role: user.role,
    scopes: ROLE_SCOPES[user.role],
    tokenExpiresAt: claims.exp,
    sessionId: claims.sid,
  };
}
