import { Module } from '@nestjs/common';
import { AuthModule } from './auth/auth.module';
import { CollisionAvoidanceModule } from './collision-avoidance/collision-avoidance.module';
import { CommonModule } from './common/common.module';
import { HttpPipelineModule } from './common/http/http-pipeline.module';
import { AppConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { LoggingModule } from './logging/logging.module';
import { NavigationModule } from './navigation/navigation.module';
import { RealtimeModule } from './realtime/realtime.module';
import { SystemModule } from './system/system.module';
import { UsersModule } from './users/users.module';

/** Imports the feature modules, nothing else. LoggingModule precedes HttpPipelineModule: its request
 * logger must wrap body parsing so refused bodies are logged too. */
@Module({
  imports: [
    AppConfigModule,
    CommonModule,
    LoggingModule,
    HttpPipelineModule,
    DatabaseModule,
    SystemModule,
    AuthModule,
    UsersModule,
    NavigationModule,
    CollisionAvoidanceModule,
    RealtimeModule,
  ],
})
export class AppModule {}
