import { type FactoryProvider, Module } from '@nestjs/common';
import { FixedWindowThrottlerStorage } from './fixed-window.storage';
import { Reflector } from '@nestjs/core';
import { ThrottlerModule, type ThrottlerStorage } from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';
import { AppConfig } from '../../config/app-config';
import { RedisConnection } from '../redis/redis-connection';
import { RedisModule } from '../redis/redis.module';
import { RuntimeSettings } from '../runtime/runtime-settings';
import { CONTROL_RATE_LIMIT_KEY } from './control-rate-limit.decorator';
import { ASSISTANT_RATE_LIMIT_KEY } from './assistant-rate-limit.decorator';
import { LOGIN_RATE_LIMIT_KEY } from './login-rate-limit.decorator';
import { RedisFixedWindowStorage } from './redis-fixed-window.storage';

const reflector = new Reflector();

const routeIndependentKey = (_ctx: unknown, tracker: string, name: string): string =>
  `${name}:${tracker}`;

function loginTracker(req: Record<string, unknown>): Promise<string> {
  const body = (req as unknown as FastifyRequest).body as { username?: unknown } | undefined;
  const username =
    typeof body?.username === 'string' ? body.username.trim().toLowerCase().slice(0, 64) : '';
  return Promise.resolve(`login:${(req as unknown as FastifyRequest).ip ?? 'unknown'}|${username}`);
}

const API_LIMITS_STORAGE = Symbol('API_LIMITS_STORAGE');

/**
 * The in-memory fixed window, or with REDIS_URL the same windows in Redis (with the in-memory one
 * as their fallback while Redis is away), so that a budget spent on one instance counts on all.
 */
const apiLimitsStorage: FactoryProvider<ThrottlerStorage> = {
  provide: API_LIMITS_STORAGE,
  inject: [RedisConnection, FixedWindowThrottlerStorage],
  useFactory: (redis: RedisConnection, local: FixedWindowThrottlerStorage) =>
    redis.commands ? new RedisFixedWindowStorage(redis.commands, local) : local,
};

@Module({
  imports: [RedisModule],
  providers: [FixedWindowThrottlerStorage, apiLimitsStorage],
  exports: [API_LIMITS_STORAGE],
})
class ThrottlerStorageModule {}

/**
 * Four named limits: `default` on every route (per user or IP), `login` only on the routes marked
 * @LoginRateLimit (per IP and username), and `control` only on @ControlRateLimit motion routes, `assistant` only on the @AssistantRateLimit chat,
 * counted in fixed windows in memory, or in Redis when REDIS_URL is set (apiLimitsStorage).
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      imports: [ThrottlerStorageModule],
      // RuntimeSettings is optional only so that this module can be built alone (its unit spec);
      // in the app it is global, and the default limit follows PATCH /api/config live.
      inject: [AppConfig, API_LIMITS_STORAGE, { token: RuntimeSettings, optional: true }],
      useFactory: (config: AppConfig, storage: ThrottlerStorage, settings?: RuntimeSettings) => ({
        storage,
        // No X-RateLimit-* headers on every response: three header writes a request for little
        // use; a 429 still says when to retry (Retry-After).
        setHeaders: false,
        throttlers: [
          {
            name: 'default',
            limit: settings ? () => settings.current.defaultRateLimit : config.throttle.limit,
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
          {
            // Per user, on the assistant's chat only.
            name: 'assistant',
            limit: config.throttle.assistantLimit,
            ttl: config.throttle.assistantTtlMs,
            generateKey: routeIndependentKey,
            skipIf: (ctx) =>
              reflector.get<boolean>(ASSISTANT_RATE_LIMIT_KEY, ctx.getHandler()) !== true,
          },
        ],
      }),
    }),
  ],
  exports: [ThrottlerModule],
})
export class ThrottlingModule {}
