import { Module } from '@nestjs/common';
import { HardwareModule } from '../hardware/hardware.module';
import { ArduinoController } from './arduino.controller';
import { CompilationStore } from './compile/compilation-store';
import { CompileService } from './compile/compile.service';
import { ArduinoJobSlots } from './jobs/arduino-job-slots';
import { JobEvents } from './jobs/job-events';
import { SerialGateway } from './monitor/serial.gateway';
import { SerialMonitor } from './monitor/serial-monitor';
import { PortDiscovery } from './ports/port-discovery';
import { RoverPortCheck } from './ports/rover-port-check';
import { ToolchainLocator } from './toolchain/toolchain-locator';
import { UploadService } from './upload/upload.service';

@Module({
  imports: [HardwareModule],
  controllers: [ArduinoController],
  providers: [
    CompileService,
    CompilationStore,
    ArduinoJobSlots,
    JobEvents,
    ToolchainLocator,
    PortDiscovery,
    UploadService,
    RoverPortCheck,
    SerialMonitor,
    SerialGateway,
  ],
  exports: [JobEvents],
})
export class ArduinoModule {}
