import { decodeHostLine, encodeRoverMessage } from '../hardware/protocol/codec';
import {
  type DropReason,
  type FaultCode,
  type HostCommand,
  MAX_SEQ,
  type NakReason,
  PROTOCOL_VERSION,
  type RoverMessage,
  TelemetryFlag,
  type TelemetryReading,
} from '../hardware/protocol/frames';
import { LineSplitter } from '../hardware/protocol/line-splitter';
import { bodyRates, type BodyRates, type DriveEffort, type Pose } from './kinematics';
import { RoverBody } from './rover-body';
import {
  type ResolvedSimulatorOptions,
  resolveSimulatorOptions,
  type RoverSimulatorOptions,
} from './simulator-options';

export { type RoverSimulatorOptions } from './simulator-options';

export interface DropStats {
  total: number;
  byReason: Partial<Record<DropReason, number>>;
}

interface ActiveDrive extends DriveEffort {
  hostSeq: number;
  /** null for a drive that lasts until the next command. */
  remainingMs: number | null;
}

/** Below this the firmware refuses to drive (NAK LOWBAT); below the critical level it faults. */
export const LOW_BATTERY_PCT = 5;
export const CRITICAL_BATTERY_PCT = 1;
/** A stalled event loop must not teleport the rover; longer gaps are simulated as this long. */
const MAX_TICK_MS = 1000;

/**
 * Behaves like the rover firmware on the other end of the serial line: it reads host frames,
 * answers each valid one with exactly one ACK or NAK, drives a differential-drive model through a
 * small world, streams telemetry and stops by itself when the host goes quiet.
 */
export class RoverSimulator {
  private readonly listeners = new Set<(line: string) => void>();
  private readonly splitter = new LineSplitter(
    (line) => this.onLine(line),
    () => this.recordDrop('overlong'),
  );
  private readonly options: ResolvedSimulatorOptions;
  private readonly telemetryPeriodMs: number;
  private readonly body: RoverBody;

  private running = false;
  private timer: NodeJS.Timeout | null = null;
  private lastTickAt = 0;
  private nextSeq = 0;
  private simTimeMs = 0;
  private lastHostFrameAtMs = 0;
  private hostTimedOut = false;
  private sinceTelemetryMs = 0;
  private droppedSinceTelemetry = 0;
  private readonly drops: DropStats = { total: 0, byReason: {} };
  private drive: ActiveDrive | null = null;
  private estopLatched = false;
  private fault: FaultCode | null = null;

  constructor(options: RoverSimulatorOptions = {}) {
    this.options = resolveSimulatorOptions(options);
    const { telemetryHz, world, startPose, initialBatteryPct } = this.options;
    this.telemetryPeriodMs = telemetryHz === 0 ? 0 : 1000 / telemetryHz;
    this.body = new RoverBody(world, startPose, initialBatteryPct);
  }

  /** Subscribes to encoded rover frames (each a whole line ending in \n); returns unsubscribe. */
  onOutput(listener: (line: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Powers the rover up: announces itself with HEL and, with timers, starts simulated time. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.lastHostFrameAtMs = this.simTimeMs;
    this.send({ type: 'HEL', protocolVersion: PROTOCOL_VERSION, firmware: this.options.firmware });
    if (!this.options.useTimers) return;
    this.lastTickAt = this.options.clock();
    this.timer = setInterval(() => this.tick(), this.options.physicsStepMs);
    this.timer.unref();
  }

  /** Powers the rover down: motors off, timers cleared, input ignored until start(). */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.drive = null;
    this.running = false;
    this.splitter.reset();
  }

  /** Bytes from the host, in any chunking. */
  receive(chunk: Buffer | string): void {
    if (this.running) this.splitter.push(chunk);
  }

  /** Advances simulated time; sub-steps keep the physics at physicsStepMs resolution. */
  step(dtMs: number): void {
    if (!this.running || !Number.isFinite(dtMs)) return;
    const { physicsStepMs } = this.options;
    for (let remaining = dtMs; remaining > 0; remaining -= physicsStepMs) {
      this.advance(Math.min(remaining, physicsStepMs));
    }
  }

  /** Raises a fault as the firmware would: motors stop and FLT goes out. */
  injectFault(code: FaultCode): void {
    this.fault = code;
    this.drive = null;
    this.send({ type: 'FLT', code });
  }

  clearFault(): void {
    this.fault = null;
  }

  /** What the next TEL frame would carry. */
  telemetry(): TelemetryReading {
    const rates = this.currentRates();
    return {
      ...this.body.read(rates),
      flags:
        (this.estopLatched ? TelemetryFlag.EstopLatched : 0) |
        (rates.linearMps !== 0 || rates.angularRadps !== 0 ? TelemetryFlag.Moving : 0) |
        (this.hostTimedOut ? TelemetryFlag.HostTimeout : 0) |
        (this.droppedSinceTelemetry > 0 ? TelemetryFlag.FramesDropped : 0),
    };
  }

  /** Where the rover really is in its world (odometry, as reported, may have been zeroed by CAL). */
  get truePose(): Pose {
    return this.body.truePose;
  }

  get dropStats(): DropStats {
    return { total: this.drops.total, byReason: { ...this.drops.byReason } };
  }

  private tick(): void {
    const now = this.options.clock();
    const elapsed = Math.min(now - this.lastTickAt, MAX_TICK_MS);
    this.lastTickAt = now;
    this.step(elapsed);
  }

  private onLine(line: string): void {
    const decoded = decodeHostLine(line);
    if (!decoded.ok) {
      this.recordDrop(decoded.reason);
      return;
    }
    this.lastHostFrameAtMs = this.simTimeMs;
    this.hostTimedOut = false;
    this.execute(decoded.frame.seq, decoded.frame.payload);
  }

  private execute(hostSeq: number, command: HostCommand): void {
    switch (command.type) {
      case 'MOV': {
        const refusal = this.refusalToDrive();
        if (refusal) {
          this.send({ type: 'NAK', hostSeq, reason: refusal });
          return;
        }
        const { forward, turn, durationMs } = command;
        this.drive = { forward, turn, hostSeq, remainingMs: durationMs > 0 ? durationMs : null };
        break;
      }
      case 'STP':
        this.drive = null;
        break;
      case 'EST':
        this.estopLatched = true;
        this.drive = null;
        break;
      case 'RES':
        // Unlatching must never set the rover moving again; only a new MOV does.
        this.estopLatched = false;
        break;
      case 'HBT':
        break;
      case 'CAL':
        this.body.calibrate();
        break;
    }
    this.send({ type: 'ACK', hostSeq });
  }

  private refusalToDrive(): NakReason | null {
    if (this.estopLatched) return 'ESTOP';
    if (this.fault) return 'FAULT';
    if (this.body.batteryPct < LOW_BATTERY_PCT) return 'LOWBAT';
    return null;
  }

  private advance(ms: number): void {
    this.simTimeMs += ms;
    if (!this.hostTimedOut && this.simTimeMs - this.lastHostFrameAtMs >= this.options.deadmanMs) {
      this.hostTimedOut = true;
      this.drive = null;
    }
    const drive = this.drive;
    let load = 0;
    if (drive) {
      const drivenMs = drive.remainingMs === null ? ms : Math.min(ms, drive.remainingMs);
      this.body.move(bodyRates(drive), drivenMs / 1000);
      load = (Math.min(1, Math.max(Math.abs(drive.forward), Math.abs(drive.turn))) * drivenMs) / ms;
      if (drive.remainingMs !== null) {
        drive.remainingMs -= drivenMs;
        if (drive.remainingMs <= 0) {
          this.drive = null;
          this.send({ type: 'DON', hostSeq: drive.hostSeq });
        }
      }
    }
    this.body.consume(load, ms / 1000);
    if (this.body.batteryPct < CRITICAL_BATTERY_PCT && this.fault !== 'BATTERY_CRITICAL')
      this.injectFault('BATTERY_CRITICAL');
    this.sinceTelemetryMs += ms;
    if (this.telemetryPeriodMs > 0 && this.sinceTelemetryMs >= this.telemetryPeriodMs) {
      // Drop any backlog: after a long step the host wants the present, not a burst of the past.
      this.sinceTelemetryMs %= this.telemetryPeriodMs;
      this.send({ type: 'TEL', telemetry: this.telemetry() });
      this.droppedSinceTelemetry = 0;
    }
  }

  private currentRates(): BodyRates {
    return this.drive ? bodyRates(this.drive) : { linearMps: 0, angularRadps: 0 };
  }

  private recordDrop(reason: DropReason): void {
    this.drops.total++;
    this.drops.byReason[reason] = (this.drops.byReason[reason] ?? 0) + 1;
    this.droppedSinceTelemetry++;
  }

  private send(message: RoverMessage): void {
    if (!this.running) return;
    const line = encodeRoverMessage(this.nextSeq, message);
    this.nextSeq = this.nextSeq === MAX_SEQ ? 0 : this.nextSeq + 1;
    for (const listener of this.listeners) listener(line);
  }
}
