import { StringDecoder } from 'node:string_decoder';
import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { SerialPort } from 'serialport';
import { Clock } from '../../common/clock/clock';
import { AppError } from '../../common/errors/app-error';
import { PortDiscovery } from '../ports/port-discovery';
import { RoverPortCheck } from '../ports/rover-port-check';
import type { MonitorOpenDto } from './monitor.dto';

/** What the monitor tells its socket; the gateway turns these into socket events. */
export interface MonitorSink {
  data(message: { type: 'data'; timestamp: string; data: string; dropped: number }): void;
  status(message: {
    type: 'opened' | 'paused' | 'resumed' | 'closed';
    port: string;
    reason: string | null;
  }): void;
  /** Bytes the client has not taken yet (the socket's write buffer), for backpressure. */
  backlog(): number;
}

/** Past this many unsent packets on the socket, serial output is dropped (and counted) instead of queued. */
const MAX_BACKLOG = 64;
/** Serial chunks are gathered this long into one `data` event. */
const COALESCE_MS = 20;

interface Session {
  owner: string;
  settings: MonitorOpenDto;
  sink: MonitorSink;
  port?: SerialPort;
  paused: boolean;
  pending: Buffer[];
  /** Keeps a UTF-8 character split across two batches whole. */
  decoder: StringDecoder;
  dropped: number;
  flushTimer?: NodeJS.Timeout;
}

/**
 * The `/serial` monitor's ports: one session per port, one port per socket. A port another
 * session (or the rover link) holds is a `port_busy` at once; an upload to a monitored port pauses
 * the session (closing the port for avrdude) and resumes it after.
 */
@Injectable()
export class SerialMonitor implements OnModuleDestroy {
  private readonly logger = new Logger('SerialMonitor');
  private readonly sessions = new Map<string, Session>();
  /** Ports an upload is using right now. */
  private readonly uploading = new Set<string>();

  constructor(
    private readonly ports: PortDiscovery,
    private readonly roverPort: RoverPortCheck,
    private readonly clock: Clock,
  ) {}

  async open(owner: string, settings: MonitorOpenDto, sink: MonitorSink): Promise<void> {
    if (this.portOf(owner) !== undefined) {
      throw new AppError('conflict', 'This socket already monitors a port; close it first');
    }
    const listed = (await this.ports.list()).some((p) => p.port === settings.port);
    if (!listed) {
      throw AppError.validation(
        'port',
        'port is not one of the serial ports GET /api/arduino/ports lists',
      );
    }
    if (await this.roverPort.ownedByRoverLink(settings.port)) {
      throw new AppError(
        'port_busy',
        `${settings.port} is the rover's link; the monitor cannot open it`,
      );
    }
    if (this.sessions.has(settings.port)) {
      throw new AppError('port_busy', `${settings.port} is monitored by another client`);
    }
    if (this.uploading.has(settings.port)) {
      throw new AppError(
        'port_busy',
        `${settings.port} is being flashed; try again when it is done`,
      );
    }
    const session: Session = {
      owner,
      settings,
      sink,
      paused: false,
      pending: [],
      decoder: new StringDecoder('utf8'),
      dropped: 0,
    };
    this.sessions.set(settings.port, session);
    try {
      await this.connect(session);
    } catch (error) {
      this.sessions.delete(settings.port);
      throw new AppError(
        'port_busy',
        `${settings.port} cannot be opened: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    sink.status({ type: 'opened', port: settings.port, reason: null });
  }

  async write(owner: string, data: string): Promise<number> {
    const session = this.sessionOf(owner);
    if (!session) throw new AppError('conflict', 'Open a port before writing to it');
    const port = session.port;
    if (session.paused || !port?.isOpen) {
      throw new AppError('port_busy', `${session.settings.port} is paused for an upload`);
    }
    const bytes = Buffer.from(data, 'utf8');
    await new Promise<void>((resolve, reject) =>
      port.write(bytes, (error) => (error ? reject(error) : resolve())),
    );
    return bytes.length;
  }

  async close(owner: string, reason: string | null = null): Promise<void> {
    const session = this.sessionOf(owner);
    if (!session) return;
    this.sessions.delete(session.settings.port);
    clearTimeout(session.flushTimer);
    await closePort(session.port);
    session.sink.status({ type: 'closed', port: session.settings.port, reason });
  }

  /** Runs `job` (an upload) with the monitor of `port`, if any, paused around it. */
  async pausedFor<T>(port: string, job: () => Promise<T>): Promise<T> {
    this.uploading.add(port);
    try {
      return await this.withSessionPaused(port, job);
    } finally {
      this.uploading.delete(port);
    }
  }

  private async withSessionPaused<T>(port: string, job: () => Promise<T>): Promise<T> {
    const session = this.sessions.get(port);
    if (!session) return job();
    session.paused = true;
    this.flush(session);
    await closePort(session.port);
    session.port = undefined;
    session.sink.status({ type: 'paused', port, reason: 'upload' });
    try {
      return await job();
    } finally {
      session.paused = false;
      if (this.sessions.get(port) === session) {
        try {
          await this.connect(session);
          session.sink.status({ type: 'resumed', port, reason: null });
        } catch (error) {
          this.sessions.delete(port);
          session.sink.status({
            type: 'closed',
            port,
            reason: `could not reopen after the upload: ${error instanceof Error ? error.message : String(error)}`,
          });
        }
      }
    }
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([...this.sessions.values()].map((s) => this.close(s.owner, 'shutdown')));
  }

  private portOf(owner: string): string | undefined {
    return this.sessionOf(owner)?.settings.port;
  }

  private sessionOf(owner: string): Session | undefined {
    for (const session of this.sessions.values()) if (session.owner === owner) return session;
    return undefined;
  }

  private connect(session: Session): Promise<void> {
    const { settings } = session;
    const port = new SerialPort({
      path: settings.port,
      baudRate: settings.baudrate,
      dataBits: settings.databits,
      parity: settings.parity,
      stopBits: settings.stopbits,
      autoOpen: false,
      lock: true,
    });
    return new Promise((resolve, reject) => {
      port.open((error) => {
        if (error) return reject(error);
        session.port = port;
        port.on('data', (chunk: Buffer) => this.received(session, chunk));
        port.on('error', (portError: Error) =>
          this.logger.warn({ port: settings.port, error: portError.message }, 'Monitor port error'),
        );
        port.once('close', () => {
          if (session.port === port && !session.paused)
            void this.close(session.owner, 'the port closed');
        });
        resolve();
      });
    });
  }

  private received(session: Session, chunk: Buffer): void {
    if (session.sink.backlog() > MAX_BACKLOG) {
      session.dropped += chunk.length; // a client that cannot keep up misses output, counted
      return;
    }
    session.pending.push(chunk);
    session.flushTimer ??= setTimeout(() => this.flush(session), COALESCE_MS);
  }

  private flush(session: Session): void {
    clearTimeout(session.flushTimer);
    session.flushTimer = undefined;
    if (session.pending.length === 0) return;
    const data = session.decoder.write(Buffer.concat(session.pending));
    session.pending = [];
    const dropped = session.dropped;
    session.dropped = 0;
    session.sink.data({ type: 'data', timestamp: this.clock.now().toISOString(), data, dropped });
  }
}

function closePort(port: SerialPort | undefined): Promise<void> {
  if (!port?.isOpen) return Promise.resolve();
  return new Promise((resolve) => port.close(() => resolve()));
}
