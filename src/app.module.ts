import { Module } from '@nestjs/common';
import { AlertsModule } from './alerts/alerts.module';
import { ArduinoModule } from './arduino/arduino.module';
import { AssistantModule } from './assistant/assistant.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CollisionAvoidanceModule } from './collision-avoidance/collision-avoidance.module';
import { CommonModule } from './common/common.module';
import { ConsoleModule } from './console/console.module';
import { AppConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { FleetModule } from './fleet/fleet.module';
import { KnowledgeModule } from './knowledge/knowledge.module';
import { LoggingModule } from './logging/logging.module';
import { NavigationModule } from './navigation/navigation.module';
import { RealtimeModule } from './realtime/realtime.module';
import { RoverModule } from './rover/rover.module';
import { RuntimeConfigModule } from './system/runtime-config/runtime-config.module';
import { SystemModule } from './system/system.module';
import { TelemetryStorageModule } from './telemetry/storage/telemetry-storage.module';
import { UsersModule } from './users/users.module';

/** Imports the feature modules, nothing else. */
@Module({
  imports: [
    AppConfigModule,
    CommonModule,
    LoggingModule,
    DatabaseModule,
    SystemModule,
    RuntimeConfigModule,
    AuthModule,
    UsersModule,
    NavigationModule,
    KnowledgeModule,
    CollisionAvoidanceModule,
    AuditModule,
    AlertsModule,
    RoverModule,
    TelemetryStorageModule,
    FleetModule,
    RealtimeModule,
    AssistantModule,
    ArduinoModule,
    ConsoleModule,
  ],
})
export class AppModule {}
