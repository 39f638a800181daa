import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { BehaviorSubject, Subject } from 'rxjs';
import { Clock } from '../common/clock/clock';
import { linkDown, linkHandedOver, notLinkOwner, roverRefused } from './hardware-errors';
import { HardwareMetrics } from './hardware-metrics';
import { LINK_TIMING, type LinkStatus } from './link-status';
import { decodeRoverLine, encodeHostCommand } from './protocol/codec';
import { type DropReason, type HostCommand, type RoverMessage } from './protocol/frames';
import { LineSplitter } from './protocol/line-splitter';
import { type Acknowledged, PendingAcks } from './pending-acks';
import { TelemetryLane, type TimedReading } from './telemetry-lane';
import type { RoverTransport, RoverTransportFactory } from './transport/rover-transport';

export const ROVER_TRANSPORT_FACTORY = Symbol('ROVER_TRANSPORT_FACTORY');
/** SERIAL_PORT of an instance that leaves the rover link to another one (scale-out). */
export const NO_ROVER_LINK = 'none';

export type { Acknowledged } from './pending-acks';
export type { TimedReading } from './telemetry-lane';

export interface SendOptions {
  timeoutMs: number;
  /** Called once the frame was handed to the OS, with its sequence number. */
  onSent?: (seq: number, sentAt: Date) => void;
}

/** How long release() waits for the STP to be written before it closes the port anyway. */
const RELEASE_STOP_WAIT_MS = 300;

/**
 * The one owner of the rover link: framing, checksums, sequence numbers, acknowledgements,
 * heartbeats, the silence watchdog and reconnects. Nothing else opens the port, except through the
 * explicit hand-over (release / reacquire). A command counts as executed only when the rover's ACK
 * for its sequence number arrives; a write proves nothing.
 */
@Injectable()
export class HardwareService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Hardware');
  /**
   * Every valid frame from the rover except telemetry, delivered synchronously inside the serial
   * read: the safety consumers (the command pipeline's DON, faults) act before the next line.
   */
  readonly messages$ = new Subject<RoverMessage>();
  /**
   * Telemetry for the bulk consumers (latest state, storage, fan-out to sockets), delivered in
   * batches on a later turn of the event loop, so no consumer can delay the line parser, an ACK or
   * the e-stop behind it.
   */
  readonly telemetry$ = new Subject<readonly TimedReading[]>();
  /** Every command handed to the link, as it is written (a stop from anyone ends a timed move). */
  readonly written$ = new Subject<HostCommand['type']>();
  readonly link$: BehaviorSubject<LinkStatus>;
  readonly dropped$ = new Subject<DropReason>();

  private transport?: RoverTransport;
  private readonly splitter = new LineSplitter(
    (line) => this.onLine(line),
    () => this.drop('overlong'),
  );
  private readonly acks: PendingAcks;
  private readonly telemetryLane: TelemetryLane;
  private heartbeatTimer?: NodeJS.Timeout;
  private watchdogTimer?: NodeJS.Timeout;
  private reconnectTimer?: NodeJS.Timeout;
  private reconnectDelayMs: number = LINK_TIMING.reconnectMinMs;
  private openedAtMs = 0;
  private lastSeenMs: number | null = null;
  private stopped = false;
  /** Handed over to the Arduino uploader: the port stays closed and no reconnect runs. */
  private released = false;
  private connecting?: Promise<void>;
  /** What must be written first on every (re)connect, before anything else (the e-stop). */
  private firstFrames: () => HostCommand[] = () => [];

  constructor(
    @Inject(ROVER_TRANSPORT_FACTORY) private readonly createTransport: RoverTransportFactory,
    private readonly clock: Clock,
    private readonly metrics: HardwareMetrics,
  ) {
    this.acks = new PendingAcks(clock);
    this.telemetryLane = new TelemetryLane(
      (batch) => this.telemetry$.next(batch),
      () => this.metrics.telemetryDropped.inc(),
    );
    this.link$ = new BehaviorSubject<LinkStatus>({
      state: 'down',
      port: createTransport.name,
      rttMs: null,
      lastSeen: null,
    });
  }

  get isUp(): boolean {
    return this.link$.value.state === 'up';
  }

  /** False on an instance started with SERIAL_PORT=none: another instance drives the rover. */
  get ownsLink(): boolean {
    return this.createTransport.name !== NO_ROVER_LINK;
  }

  setFirstFrames(provider: () => HostCommand[]): void {
    this.firstFrames = provider;
  }

  onApplicationBootstrap(): void {
    if (this.ownsLink) void this.connect();
  }

  get isReleased(): boolean {
    return this.released;
  }

  /**
   * Hands the port to another program (avrdude flashing the rover's own board): stops the rover,
   * closes the port and holds reconnects until reacquire(). The safety state needs nothing more:
   * meanwhile every motion is refused as on a down link, an e-stop still latches and persists, and
   * the first frames after reacquire() carry the latch, before anything else reaches the rover.
   */
  async release(): Promise<void> {
    if (!this.ownsLink) throw notLinkOwner();
    if (this.released) throw linkHandedOver();
    this.released = true;
    clearTimeout(this.reconnectTimer);
    await this.connecting; // a connect under way must not keep the port open behind our back
    const transport = this.transport;
    if (transport) {
      const { written } = this.sendNow({ type: 'STP' }, LINK_TIMING.heartbeatAckTimeoutMs);
      await Promise.race([written, new Promise((done) => setTimeout(done, RELEASE_STOP_WAIT_MS))]);
      this.transport = undefined;
      this.stopTimers();
      this.acks.rejectAll(linkDown());
      await transport.close().catch(() => undefined);
    }
    this.publish({ state: 'down' });
    this.logger.warn(`Rover link on ${this.link$.value.port} handed over; reconnects paused`);
  }

  /** Takes the port back after release(): connects at once, the latch going out first. */
  reacquire(): void {
    if (!this.released) return;
    this.released = false;
    this.reconnectDelayMs = LINK_TIMING.reconnectMinMs;
    this.logger.log(`Rover link on ${this.link$.value.port} taken back`);
    void this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    this.telemetryLane.stop();
    this.stopTimers();
    this.acks.rejectAll(linkDown());
    await this.transport?.close();
    this.transport = undefined;
  }

  /** Sends a command and resolves on the rover's ACK; rejects on NAK, timeout or a down link. */
  async send(command: HostCommand, options: SendOptions): Promise<Acknowledged> {
    if (!this.ownsLink) throw notLinkOwner();
    if (!this.isUp || !this.transport) throw linkDown();
    return this.writeTracked(this.transport, command, options);
  }

  /**
   * The e-stop lane: written at once, ahead of anything queued above, whenever a port is open,
   * even before the link is confirmed up. `acknowledged` settles true on ACK, false otherwise.
   */
  sendNow(
    command: HostCommand,
    ackTimeoutMs: number,
  ): { written: Promise<boolean>; acknowledged: Promise<boolean> } {
    const transport = this.transport;
    if (!transport)
      return { written: Promise.resolve(false), acknowledged: Promise.resolve(false) };
    let markWritten!: (written: boolean) => void;
    const written = new Promise<boolean>((resolve) => (markWritten = resolve));
    const acknowledged = this.writeTracked(transport, command, {
      timeoutMs: ackTimeoutMs,
      onSent: () => markWritten(true),
    }).then(
      () => true,
      () => false,
    );
    void acknowledged.then(() => markWritten(false)); // settles `written` if the write itself failed
    return { written, acknowledged };
  }

  private connect(): Promise<void> {
    this.connecting = this.openLink().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  private async openLink(): Promise<void> {
    if (this.stopped || this.released) return;
    const transport = this.createTransport.create();
    this.publish({ state: 'connecting' });
    this.splitter.reset();
    transport.onData((chunk) => {
      if (this.transport === transport) this.splitter.push(chunk);
    });
    transport.onClosed((error) => {
      if (this.transport === transport)
        this.lost(`link closed${error ? `: ${error.message}` : ''}`);
    });
    try {
      await transport.open();
    } catch (error) {
      this.logger.warn(
        `Cannot open ${transport.name}: ${error instanceof Error ? error.message : String(error)}`,
      );
      this.scheduleReconnect();
      return;
    }
    if (this.stopped || this.released) return void transport.close();
    this.transport = transport;
    this.openedAtMs = this.clock.nowMs();
    this.lastSeenMs = null;
    // The safety state goes out before any other byte, so a rover that was cut off while the
    // e-stop was latched is stopped again first thing.
    this.writeFirstFrames();
    this.heartbeatTimer = setInterval(() => this.heartbeat(), LINK_TIMING.heartbeatMs);
    this.watchdogTimer = setInterval(() => this.watchdog(), LINK_TIMING.watchdogMs);
  }

  private writeFirstFrames(): void {
    const transport = this.transport;
    if (!transport) return;
    for (const command of this.firstFrames()) {
      this.writeTracked(transport, command, { timeoutMs: LINK_TIMING.heartbeatAckTimeoutMs }).catch(
        () => undefined,
      );
    }
  }

  private writeTracked(
    transport: RoverTransport,
    command: HostCommand,
    options: SendOptions,
  ): Promise<Acknowledged> {
    const { seq, sentAt, acknowledged } = this.acks.open(options.timeoutMs);
    this.metrics.framesOut.inc({ type: command.type });
    transport.write(encodeHostCommand(seq, command)).then(
      () => options.onSent?.(seq, sentAt),
      () => this.acks.reject(seq, linkDown()),
    );
    // After the write is issued: whatever listens cannot hold the bytes back.
    this.written$.next(command.type);
    return acknowledged;
  }

  private onLine(line: string): void {
    const decoded = decodeRoverLine(line);
    if (!decoded.ok) return this.drop(decoded.reason);
    const message = decoded.frame.payload;
    this.lastSeenMs = this.clock.nowMs();
    this.metrics.framesIn.inc({ type: message.type });
    if (this.link$.value.state !== 'up') {
      this.reconnectDelayMs = LINK_TIMING.reconnectMinMs;
      this.publish({ state: 'up' });
      this.logger.log(`Rover link up on ${this.link$.value.port}`);
      // Again now that the rover is provably listening: an Arduino resets when its port opens and
      // misses whatever was written during its boot.
      this.writeFirstFrames();
    } else if (message.type === 'HEL') {
      this.writeFirstFrames(); // the rover rebooted under a live link and forgot its latch
    }
    if (message.type === 'ACK') this.acks.acknowledge(message.hostSeq);
    else if (message.type === 'NAK')
      this.acks.reject(message.hostSeq, roverRefused(message.reason));
    if (message.type === 'TEL')
      this.telemetryLane.push({ reading: message.telemetry, at: this.clock.now() });
    else this.messages$.next(message);
  }

  private heartbeat(): void {
    const transport = this.transport;
    // Not before the rover has spoken: until then the e-stop (if latched) must be the only thing
    // it can receive first, even when it starts listening late.
    if (!transport || !this.isUp) return;
    this.writeTracked(
      transport,
      { type: 'HBT' },
      { timeoutMs: LINK_TIMING.heartbeatAckTimeoutMs },
    ).then(
      (ack) => this.publish({ rttMs: ack.ackedAt.getTime() - ack.sentAt.getTime() }),
      () => undefined, // silence is the watchdog's business
    );
  }

  private watchdog(): void {
    const since = this.lastSeenMs ?? this.openedAtMs;
    if (this.clock.nowMs() - since > LINK_TIMING.silenceMs) this.lost('no frame from the rover');
  }

  private lost(reason: string): void {
    const transport = this.transport;
    if (!transport) return;
    this.transport = undefined;
    this.stopTimers();
    this.acks.rejectAll(linkDown());
    this.publish({ state: 'down' });
    this.metrics.linkLosses.inc();
    this.logger.warn(`Rover link down on ${transport.name}: ${reason}`);
    void transport.close().catch(() => undefined);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.released) return;
    this.publish({ state: 'down' });
    const delay = this.reconnectDelayMs;
    this.reconnectDelayMs = Math.min(this.reconnectDelayMs * 2, LINK_TIMING.reconnectMaxMs);
    this.reconnectTimer = setTimeout(() => void this.connect(), delay);
  }

  private drop(reason: DropReason): void {
    this.metrics.framesDropped.inc({ reason });
    this.dropped$.next(reason);
  }

  private stopTimers(): void {
    clearInterval(this.heartbeatTimer);
    clearInterval(this.watchdogTimer);
  }

  private publish(change: Partial<LinkStatus>): void {
    const lastSeen = this.lastSeenMs === null ? null : new Date(this.lastSeenMs);
    const next = { ...this.link$.value, lastSeen, ...change };
    if (next.state !== 'up') next.rttMs = change.rttMs ?? null;
    this.link$.next(next);
  }
}
