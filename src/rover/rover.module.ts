import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AlertsModule } from '../alerts/alerts.module';
import { AuditModule } from '../audit/audit.module';
import { CollisionAvoidanceModule } from '../collision-avoidance/collision-avoidance.module';
import { HardwareModule } from '../hardware/hardware.module';
import { TelemetryModule } from '../telemetry/telemetry.module';
import { TelemetryService } from '../telemetry/telemetry.service';
import { CollisionGuard } from './collision-guard';
import { CommandHistoryRepository } from './command-history.repository';
import { CommandPipeline } from './command-pipeline';
import { DeadmanService } from './deadman.service';
import { EmergencyStopRecorder } from './emergency-stop-recorder';
import { EmergencyStopRelay } from './emergency-stop-relay';
import { RoverStatusMirror } from './rover-status-mirror';
import { EmergencyStopService } from './emergency-stop.service';
import { RoverCommandEntity } from './entities/rover-command.entity';
import { RoverSafetyStateEntity } from './entities/rover-safety-state.entity';
import { LatchPersistence } from './latch-persistence';
import { RoverMetrics, ROVER_METRIC_PROVIDERS } from './rover-metrics';
import { LastCommandStore } from './last-command.store';
import { RoverReadings } from './rover-readings';
import { RoverController } from './rover.controller';
import { RoverService } from './rover.service';
import { SafetyStateRepository } from './safety-state.repository';

@Module({
  imports: [
    TypeOrmModule.forFeature([RoverCommandEntity, RoverSafetyStateEntity]),
    HardwareModule,
    TelemetryModule,
    CollisionAvoidanceModule,
    AuditModule,
    AlertsModule,
  ],
  controllers: [RoverController],
  providers: [
    ...ROVER_METRIC_PROVIDERS,
    RoverMetrics,
    LastCommandStore,
    { provide: RoverReadings, useExisting: TelemetryService },
    LatchPersistence,
    EmergencyStopRecorder,
    EmergencyStopService,
    EmergencyStopRelay,
    RoverStatusMirror,
    DeadmanService,
    CollisionGuard,
    CommandPipeline,
    CommandHistoryRepository,
    SafetyStateRepository,
    RoverService,
  ],
  exports: [RoverService],
})
export class RoverModule {}
