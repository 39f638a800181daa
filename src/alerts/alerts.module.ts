import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { HardwareModule } from '../hardware/hardware.module';
import { TelemetryModule } from '../telemetry/telemetry.module';
import { AlertsController } from './alerts.controller';
import { AlertsRepository } from './alerts.repository';
import { AlertsService } from './alerts.service';
import { AlertEntity } from './entities/alert.entity';
import { RoverAlertsWatcher } from './rover-alerts.watcher';

@Module({
  imports: [TypeOrmModule.forFeature([AlertEntity]), HardwareModule, TelemetryModule],
  controllers: [AlertsController],
  providers: [AlertsRepository, AlertsService, RoverAlertsWatcher],
  exports: [AlertsService],
})
export class AlertsModule {}
