/** Differential-drive model of the rover: what the wheels do for a (forward, turn) command. */

export const MAX_SPEED_MPS = 0.5;
export const MAX_YAW_RATE_RADPS = 1.5;
export const TRACK_WIDTH_M = 0.2;

export interface Pose {
  x: number;
  y: number;
  /** Radians, counter-clockwise from +x, kept in [-π, π]. */
  yaw: number;
}

export interface DriveEffort {
  /** -1..1, a fraction of MAX_SPEED_MPS. */
  forward: number;
  /** -1..1, a fraction of MAX_YAW_RATE_RADPS; positive turns left. */
  turn: number;
}

export interface BodyRates {
  linearMps: number;
  angularRadps: number;
}

export interface WheelSpeeds {
  fl: number;
  fr: number;
  rl: number;
  rr: number;
}

export function bodyRates(effort: DriveEffort): BodyRates {
  return {
    linearMps: effort.forward * MAX_SPEED_MPS,
    angularRadps: effort.turn * MAX_YAW_RATE_RADPS,
  };
}

export function wheelSpeeds({ linearMps, angularRadps }: BodyRates): WheelSpeeds {
  const left = linearMps - (angularRadps * TRACK_WIDTH_M) / 2;
  const right = linearMps + (angularRadps * TRACK_WIDTH_M) / 2;
  return { fl: left, fr: right, rl: left, rr: right };
}

export function wrapAngle(radians: number): number {
  const wrapped = radians - 2 * Math.PI * Math.floor((radians + Math.PI) / (2 * Math.PI));
  // Floating-point error can land a hair outside the interval; clamp so callers can rely on it.
  return Math.min(Math.PI, Math.max(-Math.PI, wrapped));
}

/**
 * Moves a pose along the arc the rates describe. Integrating the arc exactly (rather than
 * x += v·cos(yaw)·dt) makes the result independent of the physics step, so a turn ends where
 * geometry says it does whatever step the caller chose; for a straight line both are the same.
 */
export function advancePose(pose: Pose, rates: BodyRates, dtS: number): Pose {
  const { linearMps: v, angularRadps: w } = rates;
  const yawAfter = pose.yaw + w * dtS;
  if (Math.abs(w) < 1e-9) {
    return {
      x: pose.x + v * Math.cos(pose.yaw) * dtS,
      y: pose.y + v * Math.sin(pose.yaw) * dtS,
      yaw: wrapAngle(yawAfter),
    };
  }
  const radius = v / w;
  return {
    x: pose.x + radius * (Math.sin(yawAfter) - Math.sin(pose.yaw)),
    y: pose.y - radius * (Math.cos(yawAfter) - Math.cos(pose.yaw)),
    yaw: wrapAngle(yawAfter),
  };
}
