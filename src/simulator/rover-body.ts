import { type TelemetryReading } from '../hardware/protocol/frames';
import { advancePose, type BodyRates, type Pose, wheelSpeeds } from './kinematics';
import { batteryVoltage, initialPower, type PowerState, stepPower } from './power';
import { distanceAhead, type World } from './world';

/** The rover's centre stops this far short of an obstacle, as if its bumper touched it. */
export const BUMPER_CLEARANCE_M = 0.15;

export type BodyReadings = Omit<TelemetryReading, 'flags'>;

/**
 * The physical rover in its world, without any firmware logic: where it really is, what its
 * odometry believes, its battery and motors, and what its forward range sensor sees.
 */
export class RoverBody {
  private pose: Pose;
  private odometry: Pose = { x: 0, y: 0, yaw: 0 };
  private power: PowerState;

  constructor(
    private readonly world: World,
    startPose: Pose,
    batteryPct: number,
  ) {
    this.pose = { ...startPose };
    this.power = initialPower(batteryPct);
  }

  /** Where the rover really is; odometry, as reported, may have been zeroed since. */
  get truePose(): Pose {
    return { ...this.pose };
  }

  get batteryPct(): number {
    return this.power.batteryPct;
  }

  /** Moves the rover and its odometry alike; an obstacle in the way stalls the translation. */
  move(rates: BodyRates, dtS: number): void {
    const travel = rates.linearMps * dtS;
    const heading = travel >= 0 ? this.pose.yaw : this.pose.yaw + Math.PI;
    const reach = Math.abs(travel) + BUMPER_CLEARANCE_M;
    const blocked =
      travel !== 0 &&
      distanceAhead(this.world.obstacles, { ...this.pose, yaw: heading }, reach) !== null;
    const effective = blocked ? { ...rates, linearMps: 0 } : rates;
    this.pose = advancePose(this.pose, effective, dtS);
    this.odometry = advancePose(this.odometry, effective, dtS);
  }

  /** @param load 0 (idle) .. 1 (full speed), averaged over the step. */
  consume(load: number, dtS: number): void {
    this.power = stepPower(this.power, load, dtS);
  }

  /** Zeroes heading and odometry; the world, and so the obstacles ahead, stay where they are. */
  calibrate(): void {
    this.odometry = { x: 0, y: 0, yaw: 0 };
  }

  read(rates: BodyRates): BodyReadings {
    return {
      position: { x: this.odometry.x, y: this.odometry.y, z: 0 },
      rotation: { pitch: 0, roll: 0, yaw: this.odometry.yaw },
      wheelSpeeds: wheelSpeeds(rates),
      battery: {
        voltage: batteryVoltage(this.power.batteryPct),
        percentage: this.power.batteryPct,
      },
      temperature: this.power.temperatureC,
      current: this.power.currentA,
      obstacleDistance: distanceAhead(this.world.obstacles, this.pose, this.world.detectionRangeM),
    };
  }
}
