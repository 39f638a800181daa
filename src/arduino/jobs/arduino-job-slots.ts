import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { JobSlots } from './job-slots';

/** The one queue compiles and uploads share (ARDUINO_MAX_RUNNING_JOBS, ARDUINO_MAX_QUEUED_JOBS). */
@Injectable()
export class ArduinoJobSlots extends JobSlots {
  constructor(config: AppConfig) {
    super(config.arduino.maxRunningJobs, config.arduino.maxQueuedJobs);
  }
}
