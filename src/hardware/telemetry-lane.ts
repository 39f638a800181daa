import type { TelemetryReading } from './protocol/frames';

/** A telemetry frame as it arrived: the reading and the time the host decoded it. */
export interface TimedReading {
  reading: TelemetryReading;
  at: Date;
}

/**
 * TEL frames waiting for the bulk consumers' next turn; past this (a consumer stalled the loop for
 * a long while) the oldest are dropped and counted rather than buffered without bound.
 */
const MAX_PENDING_TELEMETRY = 1000;

/**
 * The bulk lane: telemetry read from the port is handed on in batches on a later turn of the event
 * loop (setImmediate), so no consumer (storage, fan-out to hundreds of sockets) runs inside the
 * serial read, where it would delay the next line, an ACK or the e-stop.
 */
export class TelemetryLane {
  private waiting: TimedReading[] = [];
  private flush?: NodeJS.Immediate;

  constructor(
    private readonly deliver: (batch: readonly TimedReading[]) => void,
    private readonly onDropped: () => void,
  ) {}

  push(reading: TimedReading): void {
    if (this.waiting.length >= MAX_PENDING_TELEMETRY) {
      this.waiting.shift();
      this.onDropped();
    }
    this.waiting.push(reading);
    this.flush ??= setImmediate(() => {
      this.flush = undefined;
      const batch = this.waiting;
      this.waiting = [];
      this.deliver(batch);
    });
  }

  stop(): void {
    if (this.flush) clearImmediate(this.flush);
    this.flush = undefined;
    this.waiting = [];
  }
}
