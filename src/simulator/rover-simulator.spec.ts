import { checksum, decodeRoverLine, encodeHostCommand } from '../hardware/protocol/codec';
import {
  type Frame,
  type HostCommand,
  type RoverMessage,
  TelemetryFlag,
  type TelemetryReading,
} from '../hardware/protocol/frames';
import { RoverSimulator, type RoverSimulatorOptions } from './rover-simulator';

/** A started simulator with no timers and no telemetry unless asked: time moves only on step(). */
function boot(options: RoverSimulatorOptions = {}) {
  const sim = new RoverSimulator({ useTimers: false, telemetryHz: 0, ...options });
  const frames: Array<Frame<RoverMessage>> = [];
  sim.onOutput((line) => {
    const decoded = decodeRoverLine(line.trimEnd());
    if (!decoded.ok)
      throw new Error(`simulator sent an undecodable line (${decoded.reason}): ${line}`);
    frames.push(decoded.frame);
  });
  sim.start();
  let nextHostSeq = 100;
  const send = (command: HostCommand): number => {
    const seq = nextHostSeq++;
    sim.receive(encodeHostCommand(seq, command));
    return seq;
  };
  const messages = () => frames.map((frame) => frame.payload);
  const repliesTo = (hostSeq: number) =>
    messages().filter((m) => (m.type === 'ACK' || m.type === 'NAK') && m.hostSeq === hostSeq);
  const telemetry = (): TelemetryReading[] =>
    messages().flatMap((m) => (m.type === 'TEL' ? [m.telemetry] : []));
  const drive = (forward: number, turn: number, durationMs = 0) =>
    send({ type: 'MOV', forward, turn, durationMs });
  return { sim, frames, send, messages, repliesTo, telemetry, drive };
}

const isMoving = (sim: RoverSimulator) => (sim.telemetry().flags & TelemetryFlag.Moving) !== 0;
/** Keeps the firmware deadman out of tests that are about something else. */
const patient = { deadmanMs: 3_600_000 };

describe(RoverSimulator.name, () => {
  describe('protocol', () => {
    it('should send HEL once, as its frame 0, when started', () => {
      const { sim, frames } = boot();
      sim.start();
      expect(frames).toEqual([
        { seq: 0, payload: { type: 'HEL', protocolVersion: 1, firmware: 'sim-1.0' } },
      ]);
    });

    it.each<HostCommand>([
      { type: 'HBT' },
      { type: 'STP' },
      { type: 'EST' },
      { type: 'RES' },
      { type: 'CAL' },
      { type: 'MOV', forward: 0.3, turn: 0, durationMs: 0 },
    ])('should acknowledge $type exactly once by the host sequence number', (command) => {
      const { send, repliesTo, frames } = boot();
      const seq = send(command);
      expect(repliesTo(seq)).toEqual([{ type: 'ACK', hostSeq: seq }]);
      expect(frames).toHaveLength(2);
    });

    it('should number its own frames and wrap from 65535 to 0', () => {
      const { sim, frames } = boot();
      for (let i = 0; i < 65536; i++) sim.receive(encodeHostCommand(i % 65536, { type: 'HBT' }));
      expect(frames.slice(-2).map((f) => f.seq)).toEqual([65535, 0]);
    });

    it('should emit TEL at the configured rate of simulated time', () => {
      const { sim, telemetry } = boot({ telemetryHz: 10, ...patient });
      sim.step(1000);
      expect(telemetry()).toHaveLength(10);
      sim.step(35);
      sim.step(35);
      expect(telemetry()).toHaveLength(10);
      sim.step(35);
      expect(telemetry()).toHaveLength(11);
    });

    it('should ignore input and send nothing once stopped', () => {
      const { sim, frames, send } = boot({ telemetryHz: 10 });
      sim.stop();
      send({ type: 'HBT' });
      sim.step(1000);
      expect(frames).toHaveLength(1);
    });

    it('should advance on its own timer by the injected clock, and stop it on stop()', () => {
      jest.useFakeTimers();
      try {
        let now = 5000;
        const sim = new RoverSimulator({ clock: () => now });
        const lines: string[] = [];
        sim.onOutput((line) => lines.push(line));
        sim.start();
        for (let i = 0; i < 50; i++) {
          now += 20;
          jest.advanceTimersByTime(20);
        }
        expect(lines.filter((line) => line.startsWith('$TEL,'))).toHaveLength(10);
        expect(jest.getTimerCount()).toBe(1);
        sim.stop();
        expect(jest.getTimerCount()).toBe(0);
      } finally {
        jest.useRealTimers();
      }
    });

    it('should refuse a firmware name the host decoder would drop', () => {
      expect(() => new RoverSimulator({ firmware: 'sim 1,0' })).toThrow(RangeError);
      expect(() => new RoverSimulator({ telemetryHz: -1 })).toThrow(RangeError);
    });
  });

  describe('corrupt input', () => {
    it('should count, flag and never act on corrupt lines', () => {
      const { sim, send, frames, telemetry } = boot({ telemetryHz: 10, ...patient });
      const good = encodeHostCommand(7, { type: 'MOV', forward: 1, turn: 0, durationMs: 0 });
      sim.receive(good.replace('*', '0*')); // checksum no longer matches
      sim.receive(`$MOV,8,1.01,0.00,0*${checksum('MOV,8,1.01,0.00,0')}\n`); // out of range
      sim.receive(`${'X'.repeat(300)}\n`);
      sim.receive(good.toLowerCase());
      expect(frames).toHaveLength(1); // only HEL: no ACK, no NAK for any of them
      expect(sim.dropStats).toEqual({
        total: 4,
        byReason: { checksum: 2, field_value: 1, overlong: 1 },
      });
      sim.step(100);
      expect(isMoving(sim)).toBe(false);
      expect(telemetry()[0].flags & TelemetryFlag.FramesDropped).toBe(TelemetryFlag.FramesDropped);
      sim.step(100);
      expect(telemetry()[1].flags & TelemetryFlag.FramesDropped).toBe(0);
      send({ type: 'HBT' });
      expect(frames.at(-1)?.payload.type).toBe('ACK');
    });
  });

  describe('e-stop and commands', () => {
    it('should stop at once on EST and refuse MOV with NAK ESTOP while latched', () => {
      const { sim, send, drive, repliesTo } = boot(patient);
      drive(1, 0);
      sim.step(200);
      send({ type: 'EST' });
      expect(isMoving(sim)).toBe(false);
      const x = sim.telemetry().position.x;
      const refused = drive(0.2, 0);
      expect(repliesTo(refused)).toEqual([{ type: 'NAK', hostSeq: refused, reason: 'ESTOP' }]);
      sim.step(500);
      expect(sim.telemetry().position.x).toBe(x);
      expect(sim.telemetry().flags & TelemetryFlag.EstopLatched).toBe(TelemetryFlag.EstopLatched);
      send({ type: 'STP' });
      expect(repliesTo(drive(0.2, 0))[0]).toMatchObject({ type: 'NAK', reason: 'ESTOP' });
    });

    it('should clear the latch on RES without moving, and drive again on the next MOV', () => {
      const { sim, send, drive, repliesTo } = boot(patient);
      drive(1, 0);
      send({ type: 'EST' });
      send({ type: 'RES' });
      sim.step(500);
      expect(isMoving(sim)).toBe(false);
      expect(sim.telemetry().flags & TelemetryFlag.EstopLatched).toBe(0);
      expect(sim.telemetry().position.x).toBe(0);
      const seq = drive(1, 0);
      expect(repliesTo(seq)).toEqual([{ type: 'ACK', hostSeq: seq }]);
      sim.step(100);
      expect(sim.telemetry().position.x).toBeCloseTo(0.05, 6);
    });

    it('should stop on STP without latching', () => {
      const { sim, send, drive, repliesTo } = boot(patient);
      drive(1, 0);
      sim.step(100);
      send({ type: 'STP' });
      expect(isMoving(sim)).toBe(false);
      expect(repliesTo(drive(1, 0))[0].type).toBe('ACK');
    });

    it('should refuse MOV with NAK LOWBAT below 5 % and accept it at 5 %', () => {
      const low = boot({ initialBatteryPct: 4.9 });
      const seq = low.drive(0.5, 0);
      expect(low.repliesTo(seq)).toEqual([{ type: 'NAK', hostSeq: seq, reason: 'LOWBAT' }]);
      const enough = boot({ initialBatteryPct: 5 });
      expect(enough.repliesTo(enough.drive(0.5, 0))[0].type).toBe('ACK');
    });

    it('should stop and send FLT on a fault, refuse MOV with NAK FAULT, and drive after clearing', () => {
      const { sim, drive, repliesTo, messages } = boot(patient);
      drive(1, 0);
      sim.injectFault('OVERTEMP');
      expect(messages().at(-1)).toEqual({ type: 'FLT', code: 'OVERTEMP' });
      expect(isMoving(sim)).toBe(false);
      const seq = drive(1, 0);
      expect(repliesTo(seq)).toEqual([{ type: 'NAK', hostSeq: seq, reason: 'FAULT' }]);
      sim.clearFault();
      expect(repliesTo(drive(1, 0))[0].type).toBe('ACK');
    });

    it('should stop a timed MOV by itself and then send DON with the host sequence number', () => {
      const { sim, drive, messages } = boot(patient);
      const seq = drive(1, 0, 1000);
      sim.step(980);
      expect(messages().some((m) => m.type === 'DON')).toBe(false);
      sim.step(40);
      expect(messages().filter((m) => m.type === 'DON')).toEqual([{ type: 'DON', hostSeq: seq }]);
      expect(isMoving(sim)).toBe(false);
      expect(sim.telemetry().position.x).toBeCloseTo(0.5, 9);
    });

    it('should send no DON for a timed MOV cut short by STP', () => {
      const { sim, send, drive, messages } = boot(patient);
      drive(1, 0, 1000);
      sim.step(300);
      send({ type: 'STP' });
      sim.step(2000);
      expect(messages().some((m) => m.type === 'DON')).toBe(false);
    });
  });

  describe('firmware deadman', () => {
    it('should stop the motors 500 ms after the last valid host frame and flag it', () => {
      const { sim, send, drive } = boot();
      drive(1, 0);
      sim.step(480);
      expect(isMoving(sim)).toBe(true);
      expect(sim.telemetry().flags & TelemetryFlag.HostTimeout).toBe(0);
      sim.step(20);
      expect(isMoving(sim)).toBe(false);
      expect(sim.telemetry().flags & TelemetryFlag.HostTimeout).toBe(TelemetryFlag.HostTimeout);
      const x = sim.telemetry().position.x;
      send({ type: 'HBT' });
      sim.step(200);
      expect(sim.telemetry().flags & TelemetryFlag.HostTimeout).toBe(0);
      expect(sim.telemetry().position.x).toBe(x);
    });

    it('should keep driving while heartbeats arrive and not count corrupt lines as heartbeats', () => {
      const { sim, send, drive } = boot();
      drive(1, 0);
      for (let i = 0; i < 10; i++) {
        sim.step(200);
        send({ type: 'HBT' });
      }
      expect(isMoving(sim)).toBe(true);
      for (let i = 0; i < 3; i++) {
        sim.step(200);
        sim.receive('$HBT,1*00\n');
      }
      expect(isMoving(sim)).toBe(false);
    });
  });
});
