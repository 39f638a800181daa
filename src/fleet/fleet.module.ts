import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { HardwareModule } from '../hardware/hardware.module';
import { RoverModule } from '../rover/rover.module';
import { HardwareService } from '../hardware/hardware.service';
import { TelemetryStorageModule } from '../telemetry/storage/telemetry-storage.module';
import { TelemetryModule } from '../telemetry/telemetry.module';
import { FLEET_SOURCES, type FleetSource } from './fleet-source';
import { FleetTelemetryRecorder } from './fleet-telemetry.recorder';
import { FleetController } from './fleet.controller';
import { FleetService } from './fleet.service';
import { SerialRoverSource } from './sources/serial-rover.source';
import { MirroredFleetSource } from './sources/mirrored-fleet.source';
import { MqttFleetSource } from './sources/mqtt-fleet.source';
import { SIMULATION_OUTAGES, SimulatedFleetSource } from './sources/simulated-fleet.source';
import { RobotStopController } from './stop/robot-stop.controller';
import { RobotStopService } from './stop/robot-stop.service';
import { FleetMqttModule } from './vda5050/fleet-mqtt.module';

@Module({
  imports: [
    HardwareModule,
    TelemetryModule,
    TelemetryStorageModule,
    FleetMqttModule,
    RoverModule,
    AuditModule,
  ],
  controllers: [FleetController, RobotStopController],
  providers: [
    SerialRoverSource,
    { provide: SIMULATION_OUTAGES, useValue: true },
    SimulatedFleetSource,
    MirroredFleetSource,
    {
      provide: FLEET_SOURCES,
      inject: [
        SerialRoverSource,
        SimulatedFleetSource,
        MirroredFleetSource,
        MqttFleetSource,
        HardwareService,
      ],
      // Only the instance with the rover link speaks for the rover and simulates; with Redis the
      // others list the owner's fleet (their clients get its updates through the adapter).
      useFactory: (
        rover: SerialRoverSource,
        simulated: SimulatedFleetSource,
        mirrored: MirroredFleetSource,
        mqtt: MqttFleetSource,
        hardware: HardwareService,
      ): readonly FleetSource[] => {
        if (hardware.ownsLink) return [rover, simulated, mqtt];
        return mirrored.mirrors ? [mirrored] : [simulated, mqtt];
      },
    },
    FleetService,
    FleetTelemetryRecorder,
    RobotStopService,
  ],
  exports: [FleetService],
})
export class FleetModule {}
