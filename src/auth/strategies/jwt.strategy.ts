import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { AppConfig } from '../../config/app-config';
import { AccessTokenVerifier } from '../access-token-verifier';
import type { AuthenticatedUser } from '../scopes';
import type { AccessTokenClaims } from '../token.service';

/** Bearer header only: a token in a URL ends up in proxy logs and browser history. */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    config: AppConfig,
    private readonly verifier: AccessTokenVerifier,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: config.auth.jwtSecret,
      algorithms: ['HS256'],
      issuer: config.auth.issuer,
      audience: config.auth.audience,
      ignoreExpiration: false,
    });
  }

  validate(claims: AccessTokenClaims & { exp: number }): Promise<AuthenticatedUser> {
    return this.verifier.resolve(claims);
  }
}
