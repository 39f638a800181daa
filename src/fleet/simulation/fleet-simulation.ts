import { robotId } from '../../common/robots/robot-id';
import { offsetToLatLng } from '../geo';
import type { GeoPoint, RobotState } from '../robot';

/** A source of uniform numbers in [0, 1): Math.random in the app, a seeded one in tests. */
export type RandomSource = () => number;

/** A small, fast, seedable generator (mulberry32), for reproducible runs of the simulation. */
export function seededRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/*
 * The model, per robot and per second of simulated time. Rates are chosen for a dashboard that
 * visibly changes within minutes: a full battery lasts roughly 15-30 minutes of driving and
 * recharges in about 6; a robot drops off the network about every 20 minutes for 15-60 s.
 */
const MODEL = {
  /** A tick after a long pause (event loop stalled, interval raised) counts at most this long. */
  maxStepS: 60,
  /** Homes lie on a ring this far from the base point (metres). */
  homeRadiusM: { min: 150, max: 600 },
  /** A robot roams this far from its home before it turns back. */
  roamRadiusM: 80,
  speedMs: { min: 0.3, max: 1.5 },
  /** While charging it drives home at this speed and parks within dockRadiusM. */
  homingSpeedMs: 1,
  dockRadiusM: 2,
  /** %/s: always, per m/s of speed, and at full CPU. */
  drain: { idle: 0.02, perMs: 0.04, atFullCpu: 0.02 },
  chargePctPerS: 0.25,
  /** Recharging starts below a threshold drawn from this range, each discharge anew. */
  rechargeBelowPct: { min: 10, max: 25 },
  /** Mean-reverting walks: time constant (s) and noise (percent per sqrt-second). */
  cpu: { tauS: 15, sigma: 2, idlePct: 12, busyPct: 35, perMsPct: 20 },
  ram: { tauS: 60, sigma: 0.7, baseline: { min: 30, max: 60 } },
  meanOnlineS: 1200,
  offlineS: { min: 15, max: 60 },
} as const;

interface SimulatedRobot {
  readonly id: string;
  readonly name: string;
  /** Metres east and north of the base point. */
  readonly home: { east: number; north: number };
  position: { east: number; north: number };
  heading: number;
  speed: number;
  battery: number;
  charging: boolean;
  rechargeBelow: number;
  cpu: number;
  ram: number;
  readonly ramBaseline: number;
  online: boolean;
  backOnlineAtMs: number;
  lastUpdated: Date;
  /** Stopped by a fleet stop: it stays where it is (its battery and load still change). */
  paused: boolean;
}

export interface FleetSimulationOptions {
  size: number;
  base: GeoPoint;
  random: RandomSource;
  /**
   * Whether robots drop off now and then (every 20 min on average, for 15-60 s). The e2e harness
   * turns this off: at that rate one of five robots is off in a few percent of test files.
   */
  outages: boolean;
  /** When the robots were first heard from. */
  startedAt: Date;
}

export const simulatedRobotName = (n: number): string => `sim-robot-${n}`;
export const simulatedRobotId = (n: number): string => robotId('sim', String(n));

/**
 * The simulated fleet, as a pure model: no timers, no clock. `advance(at)` moves time forward and
 * answers the robots whose state changed (every robot that is online, and any that went off- or
 * online). An offline robot stays as it was last heard from until it comes back.
 */
export class FleetSimulation {
  private readonly robotList: SimulatedRobot[];
  private lastAtMs: number;

  constructor(private readonly options: FleetSimulationOptions) {
    const { size, random, startedAt } = options;
    this.lastAtMs = startedAt.getTime();
    this.robotList = Array.from({ length: size }, (_, i) => {
      const n = i + 1;
      const angle = (2 * Math.PI * i) / size + between(random, -0.3, 0.3);
      const radius = between(random, MODEL.homeRadiusM.min, MODEL.homeRadiusM.max);
      const home = { east: radius * Math.cos(angle), north: radius * Math.sin(angle) };
      const ramBaseline = between(random, MODEL.ram.baseline.min, MODEL.ram.baseline.max);
      return {
        id: simulatedRobotId(n),
        name: simulatedRobotName(n),
        home,
        position: { ...home },
        heading: between(random, -Math.PI, Math.PI),
        speed: between(random, MODEL.speedMs.min, MODEL.speedMs.max),
        battery: between(random, 40, 100),
        charging: false,
        rechargeBelow: between(random, MODEL.rechargeBelowPct.min, MODEL.rechargeBelowPct.max),
        cpu: between(random, 15, 45),
        ram: ramBaseline,
        ramBaseline,
        online: true,
        backOnlineAtMs: 0,
        lastUpdated: startedAt,
        paused: false,
      };
    });
  }

  robots(): RobotState[] {
    return this.robotList.map((robot) => this.stateOf(robot));
  }

  /** Stops the robot where it is (a fleet stop); answers its state, or undefined if unknown. */
  pause(id: string): RobotState | undefined {
    const robot = this.robotList.find((candidate) => candidate.id === id);
    if (!robot) return undefined;
    robot.paused = true;
    return this.stateOf(robot);
  }

  advance(at: Date): RobotState[] {
    const atMs = at.getTime();
    const dt = Math.min(Math.max(0, (atMs - this.lastAtMs) / 1000), MODEL.maxStepS);
    this.lastAtMs = Math.max(this.lastAtMs, atMs);
    const changed: RobotState[] = [];
    for (const robot of this.robotList) {
      if (this.step(robot, dt, at)) changed.push(this.stateOf(robot));
    }
    return changed;
  }

  /** Whether the robot's state changed. */
  private step(robot: SimulatedRobot, dt: number, at: Date): boolean {
    const { random } = this.options;
    if (!robot.online) {
      if (at.getTime() < robot.backOnlineAtMs) return false;
      robot.online = true;
      robot.lastUpdated = at;
      return true;
    }
    if (this.options.outages && dt > 0 && random() < 1 - Math.exp(-dt / MODEL.meanOnlineS)) {
      robot.online = false;
      robot.backOnlineAtMs =
        at.getTime() + 1000 * between(random, MODEL.offlineS.min, MODEL.offlineS.max);
      return true; // heard from no more: lastUpdated stays
    }
    if (!robot.paused) this.move(robot, dt);
    this.power(robot, dt);
    this.load(robot, dt);
    robot.lastUpdated = at;
    return true;
  }

  private move(robot: SimulatedRobot, dt: number): void {
    const { random } = this.options;
    const toHome = {
      east: robot.home.east - robot.position.east,
      north: robot.home.north - robot.position.north,
    };
    const fromHome = Math.hypot(toHome.east, toHome.north);
    if (robot.charging) {
      // Drives back to its dock and charges there.
      const step = Math.min(fromHome, MODEL.homingSpeedMs * dt);
      if (fromHome > MODEL.dockRadiusM) {
        robot.heading = Math.atan2(toHome.north, toHome.east);
        robot.position.east += (toHome.east / fromHome) * step;
        robot.position.north += (toHome.north / fromHome) * step;
        robot.speed = MODEL.homingSpeedMs;
      } else {
        robot.speed = 0;
      }
      return;
    }
    robot.heading += between(random, -0.6, 0.6) * Math.sqrt(dt / 5);
    if (fromHome > MODEL.roamRadiusM) {
      // Turns back towards home, but not in one jerk.
      const homeward = Math.atan2(toHome.north, toHome.east);
      robot.heading += 0.5 * wrapAngle(homeward - robot.heading);
    }
    robot.speed = clamp(
      robot.speed + between(random, -0.2, 0.2) * Math.sqrt(dt / 5),
      MODEL.speedMs.min,
      MODEL.speedMs.max,
    );
    robot.position.east += Math.cos(robot.heading) * robot.speed * dt;
    robot.position.north += Math.sin(robot.heading) * robot.speed * dt;
  }

  private power(robot: SimulatedRobot, dt: number): void {
    const { random } = this.options;
    if (robot.charging) {
      // Charging starts once docked.
      if (robot.speed === 0)
        robot.battery = Math.min(100, robot.battery + MODEL.chargePctPerS * dt);
      if (robot.battery >= 100) {
        robot.charging = false;
        robot.rechargeBelow = between(
          random,
          MODEL.rechargeBelowPct.min,
          MODEL.rechargeBelowPct.max,
        );
        robot.speed = MODEL.speedMs.min;
      }
      return;
    }
    const { idle, perMs, atFullCpu } = MODEL.drain;
    const speed = robot.paused ? 0 : robot.speed;
    const drain = idle + perMs * speed + (atFullCpu * robot.cpu) / 100;
    robot.battery = Math.max(0, robot.battery - drain * dt);
    if (robot.battery <= robot.rechargeBelow) robot.charging = true;
  }

  private load(robot: SimulatedRobot, dt: number): void {
    const { random } = this.options;
    const { cpu, ram } = MODEL;
    const cpuTarget = robot.speed === 0 ? cpu.idlePct : cpu.busyPct + cpu.perMsPct * robot.speed;
    robot.cpu = clamp(
      revert(robot.cpu, cpuTarget, dt, cpu.tauS) + noise(random, cpu.sigma, dt),
      1,
      100,
    );
    robot.ram = clamp(
      revert(robot.ram, robot.ramBaseline, dt, ram.tauS) + noise(random, ram.sigma, dt),
      5,
      100,
    );
  }

  private stateOf(robot: SimulatedRobot): RobotState {
    return {
      id: robot.id,
      name: robot.name,
      kind: 'simulated',
      online: robot.online,
      battery: Math.round(robot.battery),
      cpu: Math.round(robot.cpu),
      ram: Math.round(robot.ram),
      lastUpdated: robot.lastUpdated,
      location: offsetToLatLng(this.options.base, robot.position.east, robot.position.north),
      link: null,
      paused: robot.paused,
    };
  }
}

const between = (random: RandomSource, min: number, max: number): number =>
  min + (max - min) * random();
const clamp = (value: number, min: number, max: number): number =>
  Math.min(max, Math.max(min, value));
/** An Ornstein-Uhlenbeck-like pull of `value` towards `target` over `dt` seconds. */
const revert = (value: number, target: number, dt: number, tauS: number): number =>
  value + (target - value) * (1 - Math.exp(-dt / tauS));
const noise = (random: RandomSource, sigma: number, dt: number): number =>
  sigma * Math.sqrt(dt) * (2 * random() - 1);
const wrapAngle = (angle: number): number => Math.atan2(Math.sin(angle), Math.cos(angle));
