import type { ExecutionContext } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import type { Scope } from '../../common/access/roles-and-scopes';
import {
  IS_PUBLIC_KEY,
  REQUIRED_SCOPES_KEY,
  TOKEN_CLAIMS_ONLY_KEY,
} from '../../common/decorators/auth.decorators';

/** What a handler's access decorators say (@Public, @TokenClaimsOnly, @RequireScopes). */
export interface RouteAccess {
  isPublic: boolean;
  tokenClaimsOnly: boolean;
  /** undefined: the route declares no scopes, which ScopesGuard refuses (fail closed). */
  requiredScopes: readonly Scope[] | undefined;
}

const byHandler = new WeakMap<object, { classRef: object; access: RouteAccess }>();

/**
 * The handler's access rule, read from its decorators once: they are fixed when the class is
 * defined, and the guards ask on every request (seven reflector lookups a request before).
 */
export function routeAccessOf(reflector: Reflector, context: ExecutionContext): RouteAccess {
  const handler = context.getHandler();
  const classRef = context.getClass();
  const cached = byHandler.get(handler);
  if (cached?.classRef === classRef) return cached.access;
  const targets = [handler, classRef];
  const access: RouteAccess = {
    isPublic: reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC_KEY, targets) === true,
    tokenClaimsOnly: reflector.get<boolean | undefined>(TOKEN_CLAIMS_ONLY_KEY, handler) === true,
    requiredScopes: reflector.getAllAndOverride<Scope[] | undefined>(REQUIRED_SCOPES_KEY, targets),
  };
  byHandler.set(handler, { classRef, access });
  return access;
}
