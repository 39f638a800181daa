import { timingSafeEqual } from 'node:crypto';
import {
  type CanActivate,
  type ExecutionContext,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../common/errors/app-error';
import { bearerTokenOf } from '../../common/http/bearer-token';
import { FixedWindowThrottlerStorage } from '../../common/throttling/fixed-window.storage';
import { AppConfig } from '../../config/app-config';

/**
 * Who may read /metrics: anyone, as scrapers expect, unless METRICS_TOKEN is set, and then only
 * with `Authorization: Bearer <token>`. Either way each address gets METRICS_THROTTLE_LIMIT
 * requests a minute, wrong tokens included, so the route cannot be used to wear the process down
 * or to guess the token. The API's own limits skip /metrics: a scraper on an operator's machine
 * must not spend that operator's budget.
 */
@Injectable()
export class MetricsAccessGuard implements CanActivate, OnApplicationBootstrap {
  private readonly logger = new Logger('Metrics');

  constructor(
    private readonly config: AppConfig,
    private readonly storage: FixedWindowThrottlerStorage,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.isProduction && this.config.metricsToken === undefined) {
      this.logger.warn(
        'METRICS_TOKEN is not set: /metrics is readable by anyone who can reach this port',
      );
    }
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const { metricsLimit, metricsTtlMs } = this.config.throttle;
    const { isBlocked, timeToBlockExpire } = await this.storage.increment(
      `metrics:ip:${request.ip ?? 'unknown'}`,
      metricsTtlMs,
      metricsLimit,
      0,
      'metrics',
    );
    if (isBlocked) {
      throw new AppError('rate_limited', 'Too many requests for /metrics; retry later', undefined, {
        'Retry-After': String(Math.max(1, timeToBlockExpire)),
      });
    }
    const expected = this.config.metricsToken;
    if (expected !== undefined && !bearerMatches(request.headers.authorization, expected)) {
      throw new AppError('unauthorized', 'Metrics need the METRICS_TOKEN bearer token');
    }
    return true;
  }
}

function bearerMatches(header: string | undefined, expected: string): boolean {
  const given = Buffer.from(bearerTokenOf(header) ?? '');
  const wanted = Buffer.from(expected);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}
