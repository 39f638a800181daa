import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import {
  makeCounterProvider,
  makeHistogramProvider,
  PrometheusModule,
} from '@willsoto/nestjs-prometheus';
import { FixedWindowThrottlerStorage } from '../common/throttling/fixed-window.storage';
import { FleetMqttModule } from '../fleet/vda5050/fleet-mqtt.module';
import { HardwareModule } from '../hardware/hardware.module';
import { FleetMqttHealthIndicator } from './health/fleet-mqtt.health';
import { HealthController } from './health/health.controller';
import { SerialLinkHealthIndicator } from './health/serial-link.health';
import { HTTP_REQUEST_DURATION, HTTP_REQUESTS_TOTAL, HttpMetrics } from './metrics/http-metrics';
import { MetricsController } from './metrics/metrics.controller';
import { MetricsSnapshot } from './metrics/metrics-snapshot';

/**
 * What MetricsController needs besides the global providers. PrometheusModule, not this module,
 * declares the controller, so these reach it as an import of that module; the storage is an
 * instance of its own, apart from the API limits' counters.
 */
@Module({
  providers: [FixedWindowThrottlerStorage, MetricsSnapshot],
  exports: [FixedWindowThrottlerStorage, MetricsSnapshot],
})
class MetricsAccessModule {}

const prometheus = PrometheusModule.register({
  controller: MetricsController,
  path: '/metrics',
  defaultMetrics: { enabled: true },
});

@Module({
  imports: [
    HardwareModule,
    FleetMqttModule,
    TerminusModule.forRoot({ errorLogStyle: 'json', gracefulShutdownTimeoutMs: 0 }),
    { ...prometheus, imports: [...(prometheus.imports ?? []), MetricsAccessModule] },
  ],
  controllers: [HealthController],
  providers: [
    SerialLinkHealthIndicator,
    FleetMqttHealthIndicator,
    HttpMetrics,
    makeCounterProvider({
      name: HTTP_REQUESTS_TOTAL,
      help: 'HTTP requests',
      labelNames: ['method', 'route', 'status'],
    }),
    makeHistogramProvider({
      name: HTTP_REQUEST_DURATION,
      help: 'HTTP request duration in seconds',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    }),
  ],
})
export class SystemModule {}
