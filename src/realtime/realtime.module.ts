import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { ArduinoModule } from '../arduino/arduino.module';
import { AuthModule } from '../auth/auth.module';
import { ThrottlingModule } from '../common/throttling/throttling.module';
import { FleetModule } from '../fleet/fleet.module';
import { HardwareModule } from '../hardware/hardware.module';
import { RoverModule } from '../rover/rover.module';
import { TelemetryModule } from '../telemetry/telemetry.module';
import { MessagesGateway } from './messages.gateway';
import { SocketAuthenticator } from './socket-authenticator';
import { SocketHandshake } from './socket-handshake';
import { SocketRegistry } from './socket-registry';
import { ControlRateLimiter } from './telemetry/control-rate-limiter';
import { RealtimeMetrics, REALTIME_METRIC_PROVIDERS } from './telemetry/realtime-metrics';
import { RealtimeService } from './telemetry/realtime.service';
import { SocketCommands } from './telemetry/socket-commands';
import { TelemetryGateway } from './telemetry/telemetry.gateway';

/**
 * Socket.IO infrastructure. A new namespace needs only a @RealtimeGateway class: AppIoAdapter
 * applies SocketHandshake to it, and the global guards (rate limits) and pipes run on its events.
 */
@Module({
  imports: [
    AuthModule,
    ThrottlingModule,
    HardwareModule,
    TelemetryModule,
    AlertsModule,
    ArduinoModule,
    RoverModule,
    FleetModule,
  ],
  providers: [
    SocketAuthenticator,
    SocketRegistry,
    SocketHandshake,
    MessagesGateway,
    ...REALTIME_METRIC_PROVIDERS,
    RealtimeMetrics,
    RealtimeService,
    ControlRateLimiter,
    SocketCommands,
    TelemetryGateway,
  ],
  exports: [SocketRegistry, RealtimeService],
})
export class RealtimeModule {}
