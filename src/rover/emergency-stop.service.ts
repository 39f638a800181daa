import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { BehaviorSubject } from 'rxjs';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/actor/actor';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { AppConfig } from '../config/app-config';
import { storageBusy } from '../database/write-lock';
import { linkDown, notLinkOwner } from '../hardware/hardware-errors';
import { HardwareService } from '../hardware/hardware.service';
import type { EmergencyStopResultDto, ResumeResultDto } from './dto/control.dto';
import { EmergencyStopRecorder } from './emergency-stop-recorder';
import { LatchPersistence } from './latch-persistence';
import { LastCommandStore } from './last-command.store';
import { RoverReadings } from './rover-readings';
import { toEmergencyStopResult, toResumeResult } from './rover.mapper';

/** How long the e-stop answer waits for the rover's ACK before it says `confirmed: false`. */
const ESTOP_ACK_WAIT_MS = 500;
/**
 * After the ACK, the answer gives its records this much longer to land, so that a healthy database
 * reports `persisted: true` even on a loaded box (PostgreSQL's round trip under CI's parallel
 * suites took more than 25 ms); a healthy one answers as soon as the write lands, and a locked one
 * never holds the answer longer than this. The stop frame has left long before either.
 */
const RECORD_GRACE_MS = 100;

/**
 * The e-stop latch. Stopping never waits for anything before the bytes leave: no queue, no rate
 * limit, no database. The latch is kept in memory first (so concurrent commands are refused at once),
 * stored without the answer waiting on storage (so a restart comes back latched), and written to
 * the rover first thing on every reconnect.
 */
@Injectable()
export class EmergencyStopService implements OnModuleInit {
  private readonly logger = new Logger('EmergencyStop');
  /**
   * The latch as a stream: `true` on every e-stop (queued commands are dropped, the deadman lease
   * ends, timed moves are cut short), `false` on a stored resume. Subscribers react; they never
   * gate the stop frame, which is written before the value is pushed.
   */
  readonly latched$ = new BehaviorSubject<boolean>(false);
  /** Counts e-stops, so a resume can tell whether one happened while it waited. */
  private latchGeneration = 0;

  constructor(
    private readonly hardware: HardwareService,
    private readonly persistence: LatchPersistence,
    private readonly recorder: EmergencyStopRecorder,
    private readonly readings: RoverReadings,
    private readonly lastCommand: LastCommandStore,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async onModuleInit(): Promise<void> {
    const latched = await this.persistence.load();
    if (latched) this.logger.warn('Starting with the emergency stop latched');
    this.latched$.next(latched);
    this.hardware.setFirstFrames(() => (this.latched ? [{ type: 'EST' }] : []));
  }

  get latched(): boolean {
    return this.latched$.value;
  }

  async emergencyStop(actor: Actor): Promise<EmergencyStopResultDto> {
    // A latch here would stop nothing: refuse loudly rather than answer "stopped".
    if (!this.hardware.ownsLink) throw notLinkOwner();
    const previous = this.readings.motion();
    this.latchGeneration++;
    // The frame first; the latch's subscribers run right after it, in the same synchronous turn,
    // so no command can be checked in between.
    const { acknowledged } = this.hardware.sendNow({ type: 'EST' }, ESTOP_ACK_WAIT_MS);
    this.latched$.next(true);
    const timestamp = this.clock.now();
    // Pressed again while the latch is already stored: nothing new to store.
    const latchStored = this.persistence.isSettledAs(true)
      ? Promise.resolve()
      : this.persistence.store({
          estopLatched: true,
          changedBy: actor.username,
          reason: null,
          changedAt: timestamp,
        });
    const confirmed = await acknowledged;
    this.lastCommand.record('emergency_stop', confirmed);
    const recorded = this.recorder.record(actor, {
      confirmed,
      previousState: previous,
      link: this.hardware.link$.value.state,
    });
    await Promise.race([Promise.all([latchStored, recorded]), delay(RECORD_GRACE_MS)]);
    return toEmergencyStopResult(
      timestamp,
      previous,
      confirmed,
      this.latched && this.persistence.isSettledAs(true),
    );
  }

  /**
   * Unlatches only: the rover stays still until the next command. Needs the rover to confirm, and
   * the release to be stored (else a restart would bring back a latch the operator had cleared,
   * which is safe, but the answer must say so): a locked database is a 503 and the latch holds.
   */
  async resume(actor: Actor, reason: string): Promise<ResumeResultDto> {
    if (!this.hardware.ownsLink) throw notLinkOwner();
    const wasLatched = this.latched;
    const generation = this.latchGeneration;
    if (this.hardware.isUp) {
      await this.hardware.send(
        { type: 'RES' },
        { timeoutMs: this.config.rover.commandAckTimeoutMs },
      );
    } else if (wasLatched) {
      throw linkDown(); // the rover's own latch cannot be cleared, so the server's stays too
    }
    this.assertNoStopSince(generation);
    if (wasLatched) {
      const released = this.persistence.store({
        estopLatched: false,
        changedBy: actor.username,
        reason,
        changedAt: this.clock.now(),
      });
      const stored = await Promise.race([
        released.then(() => true),
        delay(this.config.storage.busyTimeoutMs).then(() => false),
      ]);
      this.assertNoStopSince(generation);
      if (!stored) {
        // Take the release back, so storage ends up latched like the service.
        void this.persistence.store({
          estopLatched: true,
          changedBy: actor.username,
          reason: 'resume not stored',
          changedAt: this.clock.now(),
        });
        throw storageBusy();
      }
      this.latched$.next(false);
      this.recorder.endLatch();
    }
    this.lastCommand.record('resume', true);
    void this.audit.record(actor, 'resume', 'ok', { reason, wasLatched });
    return toResumeResult(this.clock.now());
  }

  private assertNoStopSince(generation: number): void {
    if (this.latchGeneration !== generation) {
      // An e-stop arrived while the resume waited for the rover or for storage: the stop wins.
      throw new AppError(
        'estop_latched',
        'An emergency stop arrived during the resume; still latched',
      );
    }
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
