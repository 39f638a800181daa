import { dirname } from 'node:path';
import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import {
  DiskHealthIndicator,
  HealthCheck,
  type HealthCheckResult,
  HealthCheckService,
  HealthIndicatorService,
  MemoryHealthIndicator,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { Public } from '../../common/decorators/auth.decorators';
import { RedisConnection } from '../../common/redis/redis-connection';
import { AppConfig } from '../../config/app-config';
import { FleetMqttHealthIndicator } from './fleet-mqtt.health';
import { checkRedis } from './redis.health';
import { SerialLinkHealthIndicator } from './serial-link.health';

const HEAP_LIMIT_BYTES = 1024 * 1024 * 1024;

/**
 * /health is the full picture (503 when any check fails); /health/live only says the process
 * answers (for a restart policy); /health/ready says it can serve (for a load balancer).
 */
@ApiTags('health')
@Public()
@SkipThrottle() // probes and scrapers poll on a schedule; limiting them hides outages
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly memory: MemoryHealthIndicator,
    private readonly disk: DiskHealthIndicator,
    private readonly config: AppConfig,
    private readonly serialLink: SerialLinkHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly redis: RedisConnection,
    private readonly fleetMqtt: FleetMqttHealthIndicator,
  ) {}

  @Get()
  @HealthCheck()
  check(): Promise<HealthCheckResult> {
    const diskPath =
      this.config.database.kind === 'sqlite' ? dirname(this.config.database.path) : '/';
    return this.health.check([
      () => this.db.pingCheck('database', { timeout: 2000 }),
      () => this.memory.checkHeap('memory_heap', HEAP_LIMIT_BYTES),
      () => this.disk.checkStorage('disk', { path: diskPath, thresholdPercent: 0.98 }),
      () => this.serialLink.check(),
      ...(this.redis.enabled ? [() => checkRedis(this.indicators, this.redis)] : []),
      ...(this.fleetMqtt.enabled ? [() => this.fleetMqtt.check()] : []),
    ]);
  }

  @Get('live')
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.health.check([() => this.db.pingCheck('database', { timeout: 2000 })]);
  }
}
