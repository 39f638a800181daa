import { Module } from '@nestjs/common';
import { HardwareModule } from '../hardware/hardware.module';
import { TelemetryService } from './telemetry.service';

@Module({
  imports: [HardwareModule],
  providers: [TelemetryService],
  exports: [TelemetryService],
})
export class TelemetryModule {}
