import { Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { SimulatorTransport } from '../simulator/simulator-transport';
import { HardwareMetrics, HARDWARE_METRIC_PROVIDERS } from './hardware-metrics';
import { HardwareService, NO_ROVER_LINK, ROVER_TRANSPORT_FACTORY } from './hardware.service';
import type { RoverTransportFactory } from './transport/rover-transport';
import { SerialPortTransport } from './transport/serialport.transport';

function transportFactory(config: AppConfig): RoverTransportFactory {
  const { serialPort, serialBaud } = config.rover;
  if (serialPort === 'sim') return { name: 'sim', create: () => new SimulatorTransport() };
  if (serialPort === NO_ROVER_LINK) {
    return {
      name: NO_ROVER_LINK,
      create: () => {
        throw new Error('this instance does not own the rover link');
      },
    };
  }
  return { name: serialPort, create: () => new SerialPortTransport(serialPort, serialBaud) };
}

@Module({
  providers: [
    ...HARDWARE_METRIC_PROVIDERS,
    HardwareMetrics,
    HardwareService,
    { provide: ROVER_TRANSPORT_FACTORY, inject: [AppConfig], useFactory: transportFactory },
  ],
  exports: [HardwareService],
})
export class HardwareModule {}
