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
import { MirroredFleetSource } from './sources/mirrored-fleet.source';
import { SimulatedFleetSource } from './sources/simulated-fleet.source';

@Module({
  imports: [HardwareModule, TelemetryModule, TelemetryStorageModule],
  controllers: [FleetController],
  providers: [
    SerialRoverSource,
    SimulatedFleetSource,
    MirroredFleetSource,
    {
      provide: FLEET_SOURCES,
      inject: [SerialRoverSource, SimulatedFleetSource, MirroredFleetSource, HardwareService],
      // Only the instance with the rover link speaks for the rover and simulates; with Redis the
      // others list the owner's fleet (their clients get its updates through the adapter).
      useFactory: (
        rover: SerialRoverSource,
        simulated: SimulatedFleetSource,
        mirrored: MirroredFleetSource,
        hardware: HardwareService,
      ): readonly FleetSource[] => {
        if (hardware.ownsLink) return [rover, simulated];
        return mirrored.mirrors ? [mirrored] : [simulated];
      },
    },
    FleetService,
    FleetTelemetryRecorder,
  ],
  exports: [FleetService],
})
export class FleetModule {}
