import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { AppConfig } from '../../config/app-config';
import { AccessTokenVerifier, type VerifiedToken } from '../access-token-verifier';
import type { AuthenticatedUser } from '../../common/access/authenticated-user';
import { jwtSecretKey } from '../jwt-key';

/** Bearer header only: a token in a URL ends up in proxy logs and browser history. */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    config: AppConfig,
    private readonly verifier: AccessTokenVerifier,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // passport-jwt hands this to jsonwebtoken, which accepts a KeyObject; its typings lag behind.
      secretOrKey: jwtSecretKey(config.auth.jwtSecret) as unknown as Buffer,
      algorithms: ['HS256'],
      issuer: config.auth.issuer,
      audience: config.auth.audience,
      ignoreExpiration: false,
      // The header too, not just the claims: the verifier refuses any `crit` header.
      jsonWebTokenOptions: { complete: true },
    });
  }

  validate(verified: VerifiedToken): Promise<AuthenticatedUser> {
    return this.verifier.resolve(verified);
  }
}
