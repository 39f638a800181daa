import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Subject, type Subscription } from 'rxjs';
import { Clock } from '../common/clock/clock';
import { ROVER_ROBOT_ID } from '../common/robots/robot-id';
import { HardwareService, type TimedReading } from '../hardware/hardware.service';
import { type TelemetryReading, TelemetryFlag } from '../hardware/protocol/frames';
import { sampleFromReading, type TelemetrySample } from './telemetry-sample';

/** Telemetry older than this says nothing about what is in front of the rover now. */
export const TELEMETRY_FRESH_MS = 1000;

/** The rover's latest reading, numbered in arrival order on the `telemetry` channel. */
export interface LatestTelemetry {
  seq: number;
  at: Date;
  reading: TelemetryReading;
}

/**
 * Owns what the rover last said: the latest reading, its sequence numbers, and the samples for
 * storage and the realtime layer. Fed from the hardware's bulk lane, so nothing here can hold up
 * the serial parser; the rover's safety code reads the obstacle distance through a narrow port.
 */
@Injectable()
export class TelemetryService implements OnModuleDestroy {
  private latestValue: LatestTelemetry | null = null;
  private seq = 0;
  private readonly subscription: Subscription;
  /** Every rover reading, numbered, as it arrives (for the `telemetry` channel). */
  readonly readings$ = new Subject<LatestTelemetry>();
  /** Every reading as a stored sample (any robot's; storage batches them). */
  readonly samples$ = new Subject<TelemetrySample>();

  constructor(
    hardware: HardwareService,
    private readonly clock: Clock,
  ) {
    this.subscription = hardware.telemetry$.subscribe((batch) => this.ingest(batch));
  }

  onModuleDestroy(): void {
    this.subscription.unsubscribe();
  }

  get latest(): LatestTelemetry | null {
    return this.latestValue;
  }

  /** Null when nothing is in range, undefined when there is no fresh reading at all. */
  get freshObstacleDistance(): number | null | undefined {
    const latest = this.latestValue;
    if (!latest || this.clock.nowMs() - latest.at.getTime() > TELEMETRY_FRESH_MS) return undefined;
    return latest.reading.obstacleDistance;
  }

  /** Whether the rover reports moving, and its mean wheel speed (m/s). */
  motion(): { moving: boolean; speed: number } {
    const reading = this.latestValue?.reading;
    if (!reading) return { moving: false, speed: 0 };
    const { fl, fr, rl, rr } = reading.wheelSpeeds;
    const speed =
      Math.round(((Math.abs(fl) + Math.abs(fr) + Math.abs(rl) + Math.abs(rr)) / 4) * 100) / 100;
    return { moving: (reading.flags & TelemetryFlag.Moving) !== 0 || speed > 0, speed };
  }

  private ingest(batch: readonly TimedReading[]): void {
    for (const { reading, at } of batch) {
      this.seq++;
      this.latestValue = { seq: this.seq, at, reading };
      this.readings$.next(this.latestValue);
      this.samples$.next(sampleFromReading(ROVER_ROBOT_ID, at, reading));
    }
  }
}
