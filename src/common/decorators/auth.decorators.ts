import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOAuth2,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { applyDecorators } from '@nestjs/common';
import type { AuthenticatedUser } from '../access/authenticated-user';
import type { Scope } from '../access/roles-and-scopes';
import { ErrorEnvelopeDto } from '../errors/error-envelope';

export const IS_PUBLIC_KEY = 'rmc:isPublic';
export const TOKEN_CLAIMS_ONLY_KEY = 'rmc:tokenClaimsOnly';
export const REQUIRED_SCOPES_KEY = 'rmc:requiredScopes';
/** Any signed-in user may call the route; it needs no particular scope (e.g. /auth/me, e-stop). */
export const ANY_SCOPE: readonly Scope[] = [];

/** The only way to open a route to anonymous callers. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC_KEY, true);

/**
 * Declares what a closed route needs. Every route must carry this or @Public(): a test walks the
 * router and fails on any that has neither, so a forgotten declaration cannot ship.
 */
export function RequireScopes(...scopes: Scope[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    SetMetadata(REQUIRED_SCOPES_KEY, scopes),
    ApiBearerAuth(),
    ApiOAuth2([], 'oauth2'),
    ApiUnauthorizedResponse({ type: ErrorEnvelopeDto, description: 'Missing or invalid token' }),
    ...(scopes.length > 0
      ? [
          ApiForbiddenResponse({
            type: ErrorEnvelopeDto,
            description: `Needs scope ${scopes.join(', ')}`,
          }),
        ]
      : []),
  );
}

/**
 * Authenticates from the token alone (no user lookup). For the emergency stop only: see
 * AccessTokenVerifier.verifyClaimsOnly.
 */
export const TokenClaimsOnly = (): MethodDecorator => SetMetadata(TOKEN_CLAIMS_ONLY_KEY, true);

/** Signed in, no particular scope. */
export const Authenticated = (): MethodDecorator & ClassDecorator => RequireScopes();

export const CurrentUser = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): AuthenticatedUser => {
    const req = ctx.switchToHttp().getRequest<{ user?: AuthenticatedUser }>();
    if (!req.user) throw new Error('CurrentUser used on a route without authentication');
    return req.user;
  },
);
