import { SerialPort } from 'serialport';
import { decodeHostLine, encodeRoverMessage } from '../../src/hardware/protocol/codec';
import {
  type DropReason,
  type HostCommand,
  type HostCommandType,
  MAX_SEQ,
  type NakReason,
  PROTOCOL_VERSION,
  type RoverMessage,
  TelemetryFlag,
} from '../../src/hardware/protocol/frames';
import { LineSplitter } from '../../src/hardware/protocol/line-splitter';

/**
 * How the fake rover answers host frames:
 * - `ack`: ACK every frame; a MOV with durationMs > 0 is followed by DON after that long;
 * - `silent`: answers nothing, but keeps streaming telemetry (the link stays up, commands time out);
 * - `nak`: NAKs every MOV with `nakReason`, ACKs the rest;
 * - `mute`: sends nothing at all, telemetry included, so the host sees the link go silent.
 */
export type FakeRoverMode = 'ack' | 'silent' | 'nak' | 'mute';

export interface ReceivedFrame {
  type: HostCommandType;
  seq: number;
  command: HostCommand;
  /** The frame's fields as on the wire (`['0.50', '-0.25', '2000']` for a MOV). */
  fields: string[];
  line: string;
  /** When the line was complete on the rover end: Date.now(). */
  receivedAt: number;
  /** The same moment on the monotonic clock: process.hrtime.bigint(). */
  receivedAtNs: bigint;
  /** When the rover wrote its ACK or NAK for this frame (monotonic), if it answered. */
  answeredAtNs?: bigint;
}

export interface FakeRoverOptions {
  baudRate?: number;
  telemetryHz?: number;
  mode?: FakeRoverMode;
  nakReason?: NakReason;
}

const OPEN_TIMEOUT_MS = 3000;
const CLOSE_TIMEOUT_MS = 1000;

/**
 * A scripted rover on the rover end of a real pty pair, speaking the real wire protocol
 * (docs/serial-protocol.md) through the real `serialport` package. It records every host frame it
 * receives, in order, with its arrival time, so tests can assert on what actually reached the wire.
 */
export class FakeRover {
  /** Every valid host frame received since the last clear(), in arrival order. */
  readonly frames: ReceivedFrame[] = [];
  /** Lines from the host that did not decode (the host should never send any). */
  readonly invalidLines: { line: string; reason: DropReason }[] = [];

  mode: FakeRoverMode;
  nakReason: NakReason;
  /** Metres to the obstacle ahead, null = nothing in range (sent as -1). */
  obstacleDistance: number | null = null;
  moving = false;
  estopLatched = false;
  batteryPct = 80;
  /** Stops TEL frames while still answering commands (the link stays up on the ACKs). */
  telemetryPaused = false;
  /** In `ack` mode, how long to sit on a frame of a type before ACKing it (a command in flight). */
  ackDelayMs: Partial<Record<HostCommandType, number>> = {};

  private port?: SerialPort;
  private seq = 0;
  private telemetryTimer?: NodeJS.Timeout;
  private readonly doneTimers = new Set<NodeJS.Timeout>();
  private readonly ackTimers = new Set<NodeJS.Timeout>();
  private readonly waiters = new Set<() => void>();
  private readonly splitter = new LineSplitter(
    (line) => this.onLine(line),
    () => this.invalidLines.push({ line: '<overlong>', reason: 'overlong' }),
  );

  constructor(
    readonly path: string,
    private readonly options: FakeRoverOptions = {},
  ) {
    this.mode = options.mode ?? 'ack';
    this.nakReason = options.nakReason ?? 'ESTOP';
  }

  get isOpen(): boolean {
    return this.port?.isOpen ?? false;
  }

  /** Opens the rover end, says HEL and starts telemetry. */
  async open(): Promise<void> {
    if (this.isOpen) return;
    const port = new SerialPort({
      path: this.path,
      baudRate: this.options.baudRate ?? 115200,
      autoOpen: false,
    });
    await withTimeout(
      new Promise<void>((resolve, reject) =>
        port.open((error) => (error ? reject(error) : resolve())),
      ),
      OPEN_TIMEOUT_MS,
      `fake rover: opening ${this.path}`,
    );
    this.port = port;
    this.splitter.reset();
    port.on('data', (chunk: Buffer) => this.splitter.push(chunk));
    // The far end vanishing (socat killed) surfaces as an error and a close: stop talking.
    port.on('error', () => this.detach(port));
    port.on('close', () => this.detach(port));
    this.send({ type: 'HEL', protocolVersion: PROTOCOL_VERSION, firmware: 'fake-rover-1.0' });
    const hz = this.options.telemetryHz ?? 10;
    if (hz > 0) this.telemetryTimer = setInterval(() => this.sendTelemetry(), 1000 / hz);
  }

  /** After a pty restart: the old port is gone, open the (new) one on the same path. */
  async reopen(): Promise<void> {
    await this.close();
    await this.open();
  }

  async close(): Promise<void> {
    const port = this.port;
    this.detach(port);
    if (port?.isOpen) {
      await withTimeout(
        new Promise<void>((resolve) => port.close(() => resolve())),
        CLOSE_TIMEOUT_MS,
        'fake rover: close',
      ).catch(() => undefined); // a pty whose peer vanished can leave close() pending
    }
  }

  setMode(mode: FakeRoverMode, nakReason?: NakReason): void {
    this.mode = mode;
    if (nakReason) this.nakReason = nakReason;
  }

  clear(): void {
    this.frames.length = 0;
    this.invalidLines.length = 0;
  }

  framesOfType(type: HostCommandType): ReceivedFrame[] {
    return this.frames.filter((frame) => frame.type === type);
  }

  /** The first frame of `type` received since the last clear(), waiting up to `timeoutMs` for it. */
  waitForFrame(
    type: HostCommandType,
    timeoutMs: number,
    match: (frame: ReceivedFrame) => boolean = () => true,
  ): Promise<ReceivedFrame> {
    const find = () => this.frames.find((frame) => frame.type === type && match(frame));
    return new Promise((resolve, reject) => {
      const found = find();
      if (found) return resolve(found);
      const check = () => {
        const frame = find();
        if (!frame) return;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve(frame);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        const seen = this.frames.map((f) => f.type).join(' ');
        reject(new Error(`fake rover: no ${type} frame within ${timeoutMs} ms (saw: ${seen})`));
      }, timeoutMs);
      this.waiters.add(check);
    });
  }

  /**
   * Watches the wire for `windowMs` and fails if a frame of `type` arrives (or already arrived since
   * the last clear()). Absence can only be shown by waiting; keep the window short.
   */
  async expectNoFrame(type: HostCommandType, windowMs: number): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    const seen = this.framesOfType(type);
    if (seen.length > 0) {
      throw new Error(
        `fake rover: expected no ${type} frame, got ${seen.map((f) => f.line).join(' ')}`,
      );
    }
  }

  /** Writes bytes as they are, for garbage and corruption tests. */
  writeRaw(data: Buffer | string): Promise<void> {
    const port = this.port;
    if (!port?.isOpen) return Promise.reject(new Error('fake rover: port not open'));
    return new Promise((resolve, reject) => {
      port.write(data, (error) => {
        if (error) return reject(error);
        port.drain((drainError) => (drainError ? reject(drainError) : resolve()));
      });
    });
  }

  /** Sends one well-formed frame with the rover's next sequence number. */
  send(message: RoverMessage): void {
    if (!this.port?.isOpen || this.mode === 'mute') return;
    this.seq = this.seq >= MAX_SEQ ? 0 : this.seq + 1;
    this.port.write(encodeRoverMessage(this.seq, message));
  }

  private onLine(line: string): void {
    const decoded = decodeHostLine(line);
    if (!decoded.ok) {
      this.invalidLines.push({ line, reason: decoded.reason });
      return;
    }
    const { seq, payload: command } = decoded.frame;
    const text = line.endsWith('\r') ? line.slice(0, -1) : line;
    const fields = text.slice(1, text.lastIndexOf('*')).split(',').slice(2);
    const frame: ReceivedFrame = {
      type: command.type,
      seq,
      command,
      fields,
      line: text,
      receivedAt: Date.now(),
      receivedAtNs: process.hrtime.bigint(),
    };
    this.frames.push(frame);
    this.waiters.forEach((check) => check());
    this.respond(frame);
  }

  private respond(frame: ReceivedFrame): void {
    const { seq: hostSeq, command } = frame;
    const answer = (message: RoverMessage): void => {
      this.send(message);
      frame.answeredAtNs = process.hrtime.bigint();
    };
    if (command.type === 'EST') this.estopLatched = true;
    if (command.type === 'RES') this.estopLatched = false;
    if (command.type === 'MOV' || command.type === 'STP' || command.type === 'EST')
      this.cancelDone();
    switch (this.mode) {
      case 'mute':
      case 'silent':
        return;
      case 'nak':
        if (command.type === 'MOV') {
          answer({ type: 'NAK', hostSeq, reason: this.nakReason });
          return;
        }
        answer({ type: 'ACK', hostSeq });
        return;
      case 'ack':
        if ((this.ackDelayMs[command.type] ?? 0) > 0) {
          // A late ACK is still owed after an EST; only DONs are cancelled by a new command.
          const timer = setTimeout(() => {
            this.ackTimers.delete(timer);
            answer({ type: 'ACK', hostSeq });
          }, this.ackDelayMs[command.type]);
          this.ackTimers.add(timer);
          return;
        }
        answer({ type: 'ACK', hostSeq });
        if (command.type === 'MOV' && command.durationMs > 0) {
          const timer = setTimeout(() => {
            this.doneTimers.delete(timer);
            if (this.mode === 'ack') this.send({ type: 'DON', hostSeq });
          }, command.durationMs);
          this.doneTimers.add(timer);
        }
        return;
    }
  }

  private sendTelemetry(): void {
    if (this.mode === 'mute' || this.telemetryPaused) return;
    const speed = this.moving ? 0.5 : 0;
    let flags = 0;
    if (this.estopLatched) flags |= TelemetryFlag.EstopLatched;
    if (this.moving) flags |= TelemetryFlag.Moving;
    this.send({
      type: 'TEL',
      telemetry: {
        position: { x: 1.5, y: -0.25, z: 0 },
        rotation: { pitch: 0, roll: 0, yaw: 0.5 },
        wheelSpeeds: { fl: speed, fr: speed, rl: speed, rr: speed },
        battery: { voltage: 12.3, percentage: this.batteryPct },
        temperature: 30.5,
        current: this.moving ? 1.8 : 0.2,
        obstacleDistance: this.obstacleDistance,
        flags,
      },
    });
  }

  private cancelDone(): void {
    this.doneTimers.forEach((timer) => clearTimeout(timer));
    this.doneTimers.clear();
  }

  private detach(port: SerialPort | undefined): void {
    if (!port || this.port !== port) return;
    this.port = undefined;
    clearInterval(this.telemetryTimer);
    this.telemetryTimer = undefined;
    this.cancelDone();
    this.ackTimers.forEach((timer) => clearTimeout(timer));
    this.ackTimers.clear();
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
