import { timingSafeEqual } from 'node:crypto';
import { Controller, Get, Headers, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { PrometheusController } from '@willsoto/nestjs-prometheus';
import type { Response } from 'express';
import { Public } from '../../common/decorators/auth.decorators';
import { AppError } from '../../common/errors/app-error';
import { bearerTokenOf } from '../../common/http/bearer-token';
import { AppConfig } from '../../config/app-config';

/** Prometheus text. Public unless METRICS_TOKEN is set; then it needs `Authorization: Bearer <token>`. */
@ApiExcludeController()
@Public()
@SkipThrottle() // probes and scrapers poll on a schedule; limiting them hides outages
@Controller()
export class MetricsController extends PrometheusController {
  constructor(private readonly config: AppConfig) {
    super();
  }

  @Get()
  override async index(
    @Res({ passthrough: true }) response: Response,
    @Headers('authorization') authorization?: string,
  ): Promise<string> {
    const expected = this.config.metricsToken;
    if (expected !== undefined && !bearerMatches(authorization, expected)) {
      throw new AppError('unauthorized', 'Metrics need the METRICS_TOKEN bearer token');
    }
    return super.index(response);
  }
}

function bearerMatches(header: string | undefined, expected: string): boolean {
  const given = Buffer.from(bearerTokenOf(header) ?? '');
  const wanted = Buffer.from(expected);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}
