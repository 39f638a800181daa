import type { Observable } from 'rxjs';
import type { RobotState } from './robot';

/**
 * A port the fleet's members come through: the built-in simulator, the rover on the serial link,
 * later robots over MQTT. FleetService merges every source into one list and one update stream;
 * each source owns its own timers and connections, started and stopped with the application.
 */
export interface FleetSource {
  /** The robots this source knows now, in a stable order. */
  robots(): readonly RobotState[];
  /** One emission per robot update (hot: nothing is replayed to a late subscriber). */
  readonly updates$: Observable<RobotState>;
}

/** The sources, in the order their robots are listed. */
export const FLEET_SOURCES = Symbol('FLEET_SOURCES');
