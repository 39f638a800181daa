import type { TelemetryReading } from '../hardware/protocol/frames';

/**
 * What the rover's safety code needs from telemetry, and no more: the obstacle distance for the
 * collision guard, the motion for the e-stop's answer, the latest reading for the status. Bound to
 * TelemetryService, which owns telemetry; rover/ never reaches into it otherwise.
 */
export abstract class RoverReadings {
  /** Null when nothing is in range, undefined when there is no fresh reading at all. */
  abstract readonly freshObstacleDistance: number | null | undefined;
  abstract motion(): { moving: boolean; speed: number };
  abstract readonly latest: { reading: TelemetryReading } | null;
}
