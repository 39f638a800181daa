import {
  type BeforeApplicationShutdown,
  Injectable,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { merge, type Subscription } from 'rxjs';
import { Clock } from '../common/clock/clock';
import { sampleOf, type TelemetrySample } from '../telemetry/telemetry-sample';
import { TelemetryStore } from '../telemetry/storage/telemetry-store';
import type { RobotState } from './robot';
import { MqttFleetSource } from './sources/mqtt-fleet.source';
import { SimulatedFleetSource } from './sources/simulated-fleet.source';

/** MQTT vehicles may report many times a second; history keeps at most one sample a second each. */
const VEHICLE_SAMPLE_EVERY_MS = 1000;

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
 * Stores the simulated robots' updates and the MQTT vehicles' states as telemetry samples, so the
 * fleet has a history like the rover (whose samples reach storage from TelemetryService). The
 * store batches; `record` never blocks or throws. Only the instance that speaks for the fleet sees
 * these updates, so each sample is stored once.
 */
@Injectable()
export class FleetTelemetryRecorder implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private subscription?: Subscription;
  private readonly lastVehicleSampleMs = new Map<string, number>();

  constructor(
    private readonly simulated: SimulatedFleetSource,
    private readonly vehicles: MqttFleetSource,
    private readonly store: TelemetryStore,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.subscription = merge(this.simulated.updates$, this.vehicles.updates$).subscribe(
      (robot) => {
        if (robot.kind === 'mqtt' && !this.vehicleSampleDue(robot.id)) return;
        const sample = sampleOfRobot(robot);
        if (sample) this.store.record(sample);
      },
    );
  }

  private vehicleSampleDue(id: string): boolean {
    const nowMs = this.clock.now().getTime();
    const last = this.lastVehicleSampleMs.get(id);
    if (last !== undefined && nowMs - last < VEHICLE_SAMPLE_EVERY_MS) return false;
    this.lastVehicleSampleMs.set(id, nowMs);
    return true;
  }

  /** Before the store's final flush, so nothing recorded after it is left unwritten. */
  beforeApplicationShutdown(): void {
    this.subscription?.unsubscribe();
  }
}
