import { decodeRoverLine, encodeHostCommand } from '../hardware/protocol/codec';
import { type HostCommand, type TelemetryReading } from '../hardware/protocol/frames';
import { RoverSimulator, type RoverSimulatorOptions } from './rover-simulator';

/**
 * A started simulator driven by step() alone. The deadman is pushed out of the way: these tests
 * are about where the rover goes, not about when it gives up on a silent host.
 */
function boot(options: RoverSimulatorOptions = {}) {
  const sim = new RoverSimulator({
    useTimers: false,
    telemetryHz: 0,
    deadmanMs: 3_600_000,
    ...options,
  });
  const readings: TelemetryReading[] = [];
  sim.onOutput((line) => {
    const decoded = decodeRoverLine(line.trimEnd());
    if (decoded.ok && decoded.frame.payload.type === 'TEL')
      readings.push(decoded.frame.payload.telemetry);
  });
  sim.start();
  let seq = 0;
  const send = (command: HostCommand) => sim.receive(encodeHostCommand(seq++, command));
  const drive = (forward: number, turn: number) =>
    send({ type: 'MOV', forward, turn, durationMs: 0 });
  return { sim, send, drive, telemetry: () => readings };
}

const halfTurnMs = (Math.PI / 1.5) * 1000;

describe(`${RoverSimulator.name} motion`, () => {
  it('should integrate a straight drive at half a metre per second', () => {
    const { sim, drive } = boot();
    drive(1, 0);
    sim.step(2000);
    const t = sim.telemetry();
    expect(t.position.x).toBeCloseTo(1, 9);
    expect(t.position.y).toBeCloseTo(0, 9);
    expect(t.wheelSpeeds).toEqual({ fl: 0.5, fr: 0.5, rl: 0.5, rr: 0.5 });
  });

  it('should turn in place at 1.5 rad/s with the wheels counter-rotating', () => {
    const { sim, drive } = boot();
    drive(0, 1);
    sim.step(1000);
    const t = sim.telemetry();
    expect(t.rotation.yaw).toBeCloseTo(1.5, 9);
    expect(t.position).toEqual({ x: 0, y: 0, z: 0 });
    expect(t.wheelSpeeds.fl).toBeCloseTo(-0.15, 9);
    expect(t.wheelSpeeds.fr).toBeCloseTo(0.15, 9);
  });

  it('should drive half a circle of radius v/w and wrap yaw to ±π', () => {
    const { sim, drive } = boot();
    drive(1, 1);
    sim.step(halfTurnMs);
    const t = sim.telemetry();
    expect(t.position.x).toBeCloseTo(0, 6);
    expect(t.position.y).toBeCloseTo(2 / 3, 6);
    expect(Math.abs(t.rotation.yaw)).toBeCloseTo(Math.PI, 6);
    sim.step(500);
    expect(sim.telemetry().rotation.yaw).toBeCloseTo(-Math.PI + 0.75, 6);
  });

  it('should see the obstacle distance shrink while driving at the wall ahead', () => {
    const { sim, drive, telemetry } = boot({ telemetryHz: 5 });
    expect(sim.telemetry().obstacleDistance).toBeCloseTo(3, 9);
    drive(1, 0);
    sim.step(3000);
    const distances = telemetry().map((t) => t.obstacleDistance ?? Infinity);
    expect(distances.length).toBeGreaterThan(10);
    for (let i = 1; i < distances.length; i++) expect(distances[i]).toBeLessThan(distances[i - 1]);
    expect(distances.at(-1)).toBeCloseTo(1.5, 6);
  });

  it('should stop short of the wall instead of driving through it', () => {
    const { sim, drive } = boot();
    drive(1, 0);
    sim.step(20_000);
    expect(sim.truePose.x).toBeLessThan(3);
    expect(sim.telemetry().obstacleDistance).toBeCloseTo(0.15, 1);
  });

  it('should report no obstacle when facing away from everything in range', () => {
    expect(
      boot({ startPose: { x: 0, y: 0, yaw: Math.PI } }).sim.telemetry().obstacleDistance,
    ).toBeNull();
    const { sim, drive } = boot();
    drive(0, 1);
    sim.step(halfTurnMs);
    expect(sim.telemetry().obstacleDistance).toBeNull();
  });

  it('should zero odometry on CAL while the world stays where it is', () => {
    const { sim, send, drive } = boot();
    drive(1, 0);
    sim.step(2000);
    send({ type: 'CAL' });
    expect(sim.telemetry().position).toEqual({ x: 0, y: 0, z: 0 });
    expect(sim.telemetry().obstacleDistance).toBeCloseTo(2, 6);
    sim.step(1000);
    expect(sim.telemetry().position.x).toBeCloseTo(0.5, 9);
    expect(sim.truePose.x).toBeCloseTo(1.5, 9);
  });

  it('should drain the battery faster, draw more current and warm up when moving', () => {
    const idle = boot();
    const moving = boot();
    moving.drive(1, 0);
    idle.sim.step(4000);
    moving.sim.step(4000);
    const before = 100;
    const idleDrain = before - idle.sim.telemetry().battery.percentage;
    const movingDrain = before - moving.sim.telemetry().battery.percentage;
    expect(idleDrain).toBeCloseTo(0.08, 6);
    expect(movingDrain).toBeCloseTo(1.2, 6);
    expect(moving.sim.telemetry().current).toBeCloseTo(2.8, 6);
    expect(idle.sim.telemetry().current).toBeCloseTo(0.3, 6);
    expect(moving.sim.telemetry().temperature).toBeGreaterThan(idle.sim.telemetry().temperature);
    expect(moving.sim.telemetry().battery.voltage).toBeLessThan(
      idle.sim.telemetry().battery.voltage,
    );
  });
});
