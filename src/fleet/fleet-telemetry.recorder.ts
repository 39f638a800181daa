import {
  type BeforeApplicationShutdown,
  Injectable,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { Subscription } from 'rxjs';
import { sampleOf, type TelemetrySample } from '../telemetry/telemetry-sample';
import { TelemetryStore } from '../telemetry/storage/telemetry-store';
import type { RobotState } from './robot';
import { SimulatedFleetSource } from './sources/simulated-fleet.source';

/** A simulated robot's update as a stored sample; null when there is nothing to store. */
export function sampleOfRobot(robot: RobotState): TelemetrySample | null {
  // Going offline is not a measurement: nothing was heard, so nothing is stored.
  if (!robot.online || robot.lastUpdated === null) return null;
  return sampleOf(robot.id, robot.lastUpdated, {
    battery: robot.battery,
    cpu: robot.cpu,
    ram: robot.ram,
    lat: robot.location?.lat ?? null,
    lng: robot.location?.lng ?? null,
  });
}

/**
 * Stores every simulated robot's update as a telemetry sample, so the fleet has a history like the
 * rover (whose samples reach storage from TelemetryService). The store batches; `record` never
 * blocks or throws.
 */
@Injectable()
export class FleetTelemetryRecorder implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private subscription?: Subscription;

  constructor(
    private readonly simulated: SimulatedFleetSource,
    private readonly store: TelemetryStore,
  ) {}

  onApplicationBootstrap(): void {
    this.subscription = this.simulated.updates$.subscribe((robot) => {
      const sample = sampleOfRobot(robot);
      if (sample) this.store.record(sample);
    });
  }

  /** Before the store's final flush, so nothing recorded after it is left unwritten. */
  beforeApplicationShutdown(): void {
    this.subscription?.unsubscribe();
  }
}
