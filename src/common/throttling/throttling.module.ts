import { Module } from '@nestjs/common';
import { FixedWindowThrottlerStorage } from './fixed-window.storage';
import { Reflector } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import type { Request } from 'express';
import { AppConfig } from '../../config/app-config';
import { CONTROL_RATE_LIMIT_KEY } from './control-rate-limit.decorator';
import { LOGIN_RATE_LIMIT_KEY } from './login-rate-limit.decorator';

const reflector = new Reflector();

const routeIndependentKey = (_ctx: unknown, tracker: string, name: string): string =>
  `${name}:${tracker}`;

function loginTracker(req: Record<string, unknown>): Promise<string> {
  const body = (req as unknown as Request).body as { username?: unknown } | undefined;
  const username =
    typeof body?.username === 'string' ? body.username.trim().toLowerCase().slice(0, 64) : '';
  return Promise.resolve(`login:${(req as unknown as Request).ip ?? 'unknown'}|${username}`);
}

@Module({ providers: [FixedWindowThrottlerStorage], exports: [FixedWindowThrottlerStorage] })
class ThrottlerStorageModule {}

/**
 * Three named limits: `default` on every route (per user or IP), `login` only on the routes marked
 * @LoginRateLimit (per IP and username), and `control` only on @ControlRateLimit motion routes. Storage is an in-memory fixed window; the realtime issue moves it to Redis
 * when REDIS_URL is set so limits hold across instances.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      imports: [ThrottlerStorageModule],
      inject: [AppConfig, FixedWindowThrottlerStorage],
      useFactory: (config: AppConfig, storage: FixedWindowThrottlerStorage) => ({
        storage,
        // No X-RateLimit-* headers on every response: three header writes a request for little
        // use; a 429 still says when to retry (Retry-After).
        setHeaders: false,
        throttlers: [
          {
            name: 'default',
            limit: config.throttle.limit,
            ttl: config.throttle.ttlMs,
            // One budget per caller across every route (API.md §9), not one per route.
            generateKey: routeIndependentKey,
          },
          {
            // Every attempt, per address and username. Failures are also limited per username and
            // per address on their own, where the outcome is known: auth/login-limits.ts.
            name: 'login',
            limit: config.throttle.loginLimit,
            ttl: config.throttle.loginTtlMs,
            getTracker: loginTracker,
            // One counter for all credential routes (login and the OAuth2 token form), not one each.
            generateKey: routeIndependentKey,
            skipIf: (ctx) =>
              reflector.get<boolean>(LOGIN_RATE_LIMIT_KEY, ctx.getHandler()) !== true,
          },
          {
            // Per user (the guard's tracker), on motion routes only; the e-stop skips every limit.
            name: 'control',
            limit: config.throttle.controlLimit,
            ttl: config.throttle.controlTtlMs,
            generateKey: routeIndependentKey,
            skipIf: (ctx) =>
              reflector.get<boolean>(CONTROL_RATE_LIMIT_KEY, ctx.getHandler()) !== true,
          },
        ],
      }),
    }),
  ],
  exports: [ThrottlerModule],
})
export class ThrottlingModule {}
