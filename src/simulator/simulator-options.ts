import { type Pose } from './kinematics';
import { DEFAULT_WORLD, type World } from './world';

export interface RoverSimulatorOptions {
  /** TEL frames per second of simulated time, 0..100; 0 turns telemetry off. Default 10. */
  telemetryHz?: number;
  /** Longest physics sub-step, and the timer period when timers run. Default 20. */
  physicsStepMs?: number;
  world?: World;
  /** Where the rover really is; odometry starts at zero regardless. Default origin facing +x. */
  startPose?: Pose;
  /** Default 100. */
  initialBatteryPct?: number;
  /** Motors stop when no valid host frame arrived for this long. Default 500. */
  deadmanMs?: number;
  /** Sent in HEL. Default 'sim-1.0'. */
  firmware?: string;
  /** false: start() runs no timer and time advances only through step(). Default true. */
  useTimers?: boolean;
  /** Milliseconds, monotonic; only read when timers run. Default performance.now. */
  clock?: () => number;
}

export type ResolvedSimulatorOptions = Required<RoverSimulatorOptions>;

const FIRMWARE_NAME = /^[A-Za-z0-9._-]{1,24}$/;

function inRange(name: string, value: number, min: number, max: number): number {
  if (!Number.isFinite(value) || value < min || value > max)
    throw new RangeError(`RoverSimulator: ${name} must be in [${min}, ${max}], got ${value}`);
  return value;
}

/** Fills in defaults and refuses values that would make the simulator misbehave later. */
export function resolveSimulatorOptions(options: RoverSimulatorOptions): ResolvedSimulatorOptions {
  const world = options.world ?? DEFAULT_WORLD;
  inRange('world.detectionRangeM', world.detectionRangeM, 0, 1000);
  const firmware = options.firmware ?? 'sim-1.0';
  // The host decodes HEL strictly; a name it would drop must fail here, not on the wire.
  if (!FIRMWARE_NAME.test(firmware))
    throw new RangeError(`RoverSimulator: firmware must match ${FIRMWARE_NAME.source}`);
  return {
    telemetryHz: inRange('telemetryHz', options.telemetryHz ?? 10, 0, 100),
    physicsStepMs: inRange('physicsStepMs', options.physicsStepMs ?? 20, 1, 1000),
    world,
    startPose: options.startPose ?? { x: 0, y: 0, yaw: 0 },
    initialBatteryPct: inRange('initialBatteryPct', options.initialBatteryPct ?? 100, 0, 100),
    deadmanMs: inRange('deadmanMs', options.deadmanMs ?? 500, 1, 3_600_000),
    firmware,
    useTimers: options.useTimers ?? true,
    clock: options.clock ?? (() => performance.now()),
  };
}
