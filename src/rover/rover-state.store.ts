import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import { Clock } from '../common/clock/clock';
import { HardwareService } from '../hardware/hardware.service';
import { type TelemetryReading, TelemetryFlag } from '../hardware/protocol/frames';
import type { CommandType } from './entities/rover-command.entity';

export interface LastCommand {
  timestamp: Date;
  type: CommandType | 'emergency_stop' | 'resume';
  success: boolean;
}

/** Telemetry older than this says nothing about what is in front of the rover now. */
export const TELEMETRY_FRESH_MS = 1000;

/** The latest word from the rover, kept from its telemetry frames, plus the last command's outcome. */
@Injectable()
export class RoverStateStore implements OnModuleDestroy {
  private telemetry: TelemetryReading | null = null;
  private telemetryAtMs = 0;
  private lastCommandValue: LastCommand | null = null;
  private readonly subscription: Subscription;

  constructor(
    hardware: HardwareService,
    private readonly clock: Clock,
  ) {
    this.subscription = hardware.messages$.subscribe((message) => {
      if (message.type !== 'TEL') return;
      this.telemetry = message.telemetry;
      this.telemetryAtMs = this.clock.nowMs();
    });
  }

  onModuleDestroy(): void {
    this.subscription.unsubscribe();
  }

  get latest(): TelemetryReading | null {
    return this.telemetry;
  }

  /** Null when nothing is in range, undefined when there is no fresh reading at all. */
  get freshObstacleDistance(): number | null | undefined {
    if (!this.telemetry || this.clock.nowMs() - this.telemetryAtMs > TELEMETRY_FRESH_MS)
      return undefined;
    return this.telemetry.obstacleDistance;
  }

  /** What the e-stop response reports as `previous_state`. */
  motion(): { moving: boolean; speed: number } {
    const t = this.telemetry;
    if (!t) return { moving: false, speed: 0 };
    const { fl, fr, rl, rr } = t.wheelSpeeds;
    const speed =
      Math.round(((Math.abs(fl) + Math.abs(fr) + Math.abs(rl) + Math.abs(rr)) / 4) * 100) / 100;
    return { moving: (t.flags & TelemetryFlag.Moving) !== 0 || speed > 0, speed };
  }

  get lastCommand(): LastCommand | null {
    return this.lastCommandValue;
  }

  recordCommand(type: LastCommand['type'], success: boolean): void {
    this.lastCommandValue = { timestamp: this.clock.now(), type, success };
  }
}
