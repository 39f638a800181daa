import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock/clock';
import type { CommandType } from './entities/rover-command.entity';

export interface LastCommand {
  timestamp: Date;
  type: CommandType | 'emergency_stop' | 'resume';
  success: boolean;
}

/** The last command's outcome, for the status route (`last_command`). */
@Injectable()
export class LastCommandStore {
  private value: LastCommand | null = null;

  constructor(private readonly clock: Clock) {}

  get last(): LastCommand | null {
    return this.value;
  }

  record(type: LastCommand['type'], success: boolean): void {
    this.value = { timestamp: this.clock.now(), type, success };
  }
}
