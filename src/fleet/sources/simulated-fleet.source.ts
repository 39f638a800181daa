import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Subject } from 'rxjs';
import { Clock } from '../../common/clock/clock';
import { RuntimeSettings } from '../../common/runtime/runtime-settings';
import { AppConfig } from '../../config/app-config';
import type { FleetSource } from '../fleet-source';
import { FLEET_BASE } from '../geo';
import { IntervalTicker } from '../interval-ticker';
import type { RobotState } from '../robot';
import { FleetSimulation } from '../simulation/fleet-simulation';
import { MirroredFleetSource } from './mirrored-fleet.source';

/** Whether simulated robots drop off now and then: true in the app, false in the e2e harness. */
export const SIMULATION_OUTAGES = Symbol('SIMULATION_OUTAGES');

/**
 * The built-in simulated robots (FLEET_SIMULATION, FLEET_SIZE), advanced every
 * `fleetUpdateIntervalMs` (a runtime setting, applied live). Disabled, it has no robots and no timer.
 */
@Injectable()
export class SimulatedFleetSource
  implements FleetSource, OnApplicationBootstrap, OnApplicationShutdown
{
  private readonly logger = new Logger('FleetSimulator');
  private readonly simulation: FleetSimulation | null;
  private readonly ticker: IntervalTicker;
  readonly updates$ = new Subject<RobotState>();

  constructor(
    config: AppConfig,
    settings: RuntimeSettings,
    private readonly clock: Clock,
    mirror: MirroredFleetSource,
    @Inject(SIMULATION_OUTAGES) outages: boolean,
  ) {
    // A second instance on the same Redis lists the owner's robots (MirroredFleetSource); its
    // own simulator would put a second set of robots with the same ids beside them.
    const simulating = config.fleet.simulation && !mirror.mirrors;
    if (config.fleet.simulation && !simulating)
      this.logger.log('FLEET_SIMULATION: the instance with the rover link simulates the fleet');
    this.simulation = simulating
      ? new FleetSimulation({
          size: config.fleet.size,
          base: FLEET_BASE,
          random: Math.random,
          outages,
          startedAt: clock.now(),
        })
      : null;
    this.ticker = new IntervalTicker(
      settings.select('fleetUpdateIntervalMs'),
      () => this.advance(),
      this.logger,
    );
  }

  onApplicationBootstrap(): void {
    if (this.simulation) this.ticker.start();
  }

  onApplicationShutdown(): void {
    this.ticker.stop();
    this.updates$.complete();
  }

  robots(): readonly RobotState[] {
    return this.simulation?.robots() ?? [];
  }

  /** A fleet stop: the robot halts where it is; undefined when this instance does not simulate it. */
  pause(id: string): RobotState | undefined {
    const robot = this.simulation?.pause(id);
    if (robot) this.updates$.next(robot);
    return robot;
  }

  private advance(): void {
    if (!this.simulation) return;
    for (const robot of this.simulation.advance(this.clock.now())) this.updates$.next(robot);
  }
}
