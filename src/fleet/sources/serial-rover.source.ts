import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { distinctUntilChanged, map, skip, Subject, type Subscription } from 'rxjs';
import { ROVER_ROBOT_ID } from '../../common/robots/robot-id';
import { RuntimeSettings } from '../../common/runtime/runtime-settings';
import { HardwareService } from '../../hardware/hardware.service';
import { TelemetryService } from '../../telemetry/telemetry.service';
import type { FleetSource } from '../fleet-source';
import { FLEET_BASE, offsetToLatLng } from '../geo';
import { IntervalTicker } from '../interval-ticker';
import type { RobotState } from '../robot';

export const ROVER_ROBOT_NAME = 'rover';

/**
 * The rover on the serial link as a member of the fleet. Online is the link being up; battery and
 * position come from its latest telemetry (kept when the link drops: the last known values).
 *
 * The rover reports x/y metres in its arena, not a geographic position. The arena's origin is put
 * on the fleet's base point with x pointing east and y north, and the offset is converted on the
 * local tangent plane (geo.ts): 1 m of y is 1/111,320 of a degree of latitude. cpu and ram are null:
 * the firmware does not report them, and 0 would claim an idle processor.
 *
 * Telemetry arrives at 10-50 Hz; the fleet channel carries the rover at the fleet's interval like
 * every other robot (only when something changed), and at once when the link goes up or down.
 */
@Injectable()
export class SerialRoverSource
  implements FleetSource, OnApplicationBootstrap, OnApplicationShutdown
{
  private readonly logger = new Logger('FleetRover');
  private readonly ticker: IntervalTicker;
  private linkSubscription?: Subscription;
  private lastEmitted?: string;
  readonly updates$ = new Subject<RobotState>();

  constructor(
    private readonly hardware: HardwareService,
    private readonly telemetry: TelemetryService,
    settings: RuntimeSettings,
  ) {
    this.ticker = new IntervalTicker(
      settings.select('fleetUpdateIntervalMs'),
      () => this.emitIfChanged(),
      this.logger,
    );
  }

  onApplicationBootstrap(): void {
    this.lastEmitted = JSON.stringify(this.state());
    this.linkSubscription = this.hardware.link$
      .pipe(
        map((link) => link.state === 'up'),
        distinctUntilChanged(),
        skip(1), // the state at boot is in the snapshot, not news
      )
      .subscribe(() => this.emitIfChanged());
    this.ticker.start();
  }

  onApplicationShutdown(): void {
    this.linkSubscription?.unsubscribe();
    this.ticker.stop();
    this.updates$.complete();
  }

  robots(): readonly RobotState[] {
    return [this.state()];
  }

  private state(): RobotState {
    const link = this.hardware.link$.value;
    const latest = this.telemetry.latest;
    const reading = latest?.reading;
    const heardAt = [latest?.at, link.lastSeen]
      .filter((at): at is Date => at instanceof Date)
      .reduce<Date | null>((a, b) => (a === null || b > a ? b : a), null);
    return {
      id: ROVER_ROBOT_ID,
      name: ROVER_ROBOT_NAME,
      kind: 'rover',
      online: link.state === 'up',
      battery: reading ? Math.round(reading.battery.percentage) : null,
      cpu: null,
      ram: null,
      lastUpdated: heardAt,
      location: reading ? offsetToLatLng(FLEET_BASE, reading.position.x, reading.position.y) : null,
      link: { state: link.state, port: link.port },
    };
  }

  private emitIfChanged(): void {
    const state = this.state();
    const key = JSON.stringify(state);
    if (key === this.lastEmitted) return;
    this.lastEmitted = key;
    this.updates$.next(state);
  }
}
