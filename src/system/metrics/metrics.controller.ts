import { Controller, Get, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { PrometheusController } from '@willsoto/nestjs-prometheus';
import type { FastifyReply } from 'fastify';
import { Public } from '../../common/decorators/auth.decorators';
import { MetricsAccessGuard } from './metrics-access.guard';
import { MetricsSnapshot } from './metrics-snapshot';

/** Prometheus text. Public unless METRICS_TOKEN is set; limited per address either way. */
@ApiExcludeController()
@Public()
@SkipThrottle() // the API's per-caller budgets; MetricsAccessGuard applies the metrics limit
@UseGuards(MetricsAccessGuard)
@Controller()
export class MetricsController extends PrometheusController {
  constructor(private readonly snapshot: MetricsSnapshot) {
    super();
  }

  @Get()
  override index(@Res({ passthrough: true }) response: FastifyReply): Promise<string> {
    response.header('Content-Type', this.snapshot.contentType);
    return this.snapshot.render();
  }
}
