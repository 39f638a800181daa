import { Module } from '@nestjs/common';
import { HardwareModule } from '../hardware/hardware.module';
import { HardwareService } from '../hardware/hardware.service';
import { TelemetryStorageModule } from '../telemetry/storage/telemetry-storage.module';
import { TelemetryModule } from '../telemetry/telemetry.module';
import { FLEET_SOURCES, type FleetSource } from './fleet-source';
import { FleetTelemetryRecorder } from './fleet-telemetry.recorder';
import { FleetController } from './fleet.controller';
import { FleetService } from './fleet.service';
import { SerialRoverSource } from './sources/serial-rover.source';
import { SimulatedFleetSource } from './sources/simulated-fleet.source';

@Module({
  imports: [HardwareModule, TelemetryModule, TelemetryStorageModule],
  controllers: [FleetController],
  providers: [
    SerialRoverSource,
    SimulatedFleetSource,
    {
      provide: FLEET_SOURCES,
      inject: [SerialRoverSource, SimulatedFleetSource, HardwareService],
      // An instance without the rover link does not speak for the rover: the owner's updates reach
      // its clients through the Redis adapter.
      useFactory: (
        rover: SerialRoverSource,
        simulated: SimulatedFleetSource,
        hardware: HardwareService,
      ): readonly FleetSource[] => (hardware.ownsLink ? [rover, simulated] : [simulated]),
    },
    FleetService,
    FleetTelemetryRecorder,
  ],
  exports: [FleetService],
})
export class FleetModule {}
