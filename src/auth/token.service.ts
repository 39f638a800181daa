import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { Clock } from '../common/clock/clock';
import { AppConfig } from '../config/app-config';
import type { RefreshTokenEntity } from './entities/refresh-token.entity';
import type { Role } from '../common/access/roles-and-scopes';

export interface AccessTokenClaims {
  sub: string;
  username: string;
  role: Role;
  /** The login (refresh-token family) this token belongs to. */
  sid: string;
  typ: 'access';
}

export interface IssuedRefreshToken {
  token: string;
  row: RefreshTokenEntity;
}

/** Mints and reads tokens. Access tokens are HS256 JWTs; refresh tokens are opaque `id.secret`. */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  get accessTokenTtlSeconds(): number {
    return this.config.auth.accessTokenTtlSeconds;
  }

  signAccessToken(
    user: { id: string; username: string; role: Role },
    familyId: string,
  ): Promise<string> {
    const claims: AccessTokenClaims = {
      sub: user.id,
      username: user.username,
      role: user.role,
      sid: familyId,
      typ: 'access',
    };
    return this.jwt.signAsync(claims);
  }

  newRefreshToken(userId: string, familyId: string): IssuedRefreshToken {
    const id = randomUUID();
    const secret = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    return {
      token: `${id}.${secret}`,
      row: {
        id,
        familyId,
        userId,
        secretHash: sha256(secret),
        expiresAt: new Date(now.getTime() + this.config.auth.refreshTokenTtlSeconds * 1000),
        spentAt: null,
        revokedAt: null,
        revokedReason: null,
        createdAt: now,
      },
    };
  }

  /** Splits `id.secret`; undefined for anything that is not shaped like one of ours. */
  parseRefreshToken(token: string): { id: string; secret: string } | undefined {
    const match = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/.exec(token);
    return match ? { id: match[1], secret: match[2] } : undefined;
  }

  secretMatches(row: RefreshTokenEntity, secret: string): boolean {
    const expected = Buffer.from(row.secretHash, 'hex');
    const actual = Buffer.from(sha256(secret), 'hex');
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  }
}

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
