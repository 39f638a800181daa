import { realpath } from 'node:fs/promises';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { HardwareService } from '../../hardware/hardware.service';

/** Whether a path is the rover's serial port (SERIAL_PORT), links and all. */
@Injectable()
export class RoverPortCheck {
  constructor(
    private readonly config: AppConfig,
    readonly hardware: HardwareService,
  ) {}

  async isRoverPort(port: string): Promise<boolean> {
    const roverPort = this.config.rover.serialPort;
    if (!roverPort.startsWith('/')) return false;
    if (port === roverPort) return true;
    const [a, b] = await Promise.all([
      realpath(port).catch(() => port),
      realpath(roverPort).catch(() => roverPort),
    ]);
    return a === b;
  }

  /**
   * The rover's port on the instance that owns the link: held by the link, or by the uploader the
   * link handed it to; either way nobody else may open it.
   */
  async ownedByRoverLink(port: string): Promise<boolean> {
    return this.hardware.ownsLink && (await this.isRoverPort(port));
  }
}
