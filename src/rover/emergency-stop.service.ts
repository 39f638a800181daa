import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { AlertsService } from '../alerts/alerts.service';
import { type Actor, AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { linkDown } from '../hardware/hardware-errors';
import { HardwareService } from '../hardware/hardware.service';
import { RoverStateStore } from './rover-state.store';
import { SafetyStateRepository } from './safety-state.repository';

/** How long the e-stop answer waits for the rover's ACK before it says `confirmed: false`. */
const ESTOP_ACK_WAIT_MS = 500;

export interface EmergencyStopResult {
  status: 'stopped';
  timestamp: string;
  previous_state: { moving: boolean; speed: number };
  confirmed: boolean;
}

/**
 * The e-stop latch. Stopping never waits for anything before the bytes leave: no queue, no rate
 * limit, no database. The latch is kept in memory first (so concurrent commands are refused at once),
 * persisted after the frame is out (so a restart comes back latched), and written to the rover
 * first thing on every reconnect.
 */
@Injectable()
export class EmergencyStopService implements OnModuleInit {
  private readonly logger = new Logger('EmergencyStop');
  private latchedValue = false;
  /** Counts e-stops, so a resume can tell whether one happened while it waited for the rover. */
  private latchGeneration = 0;
  private readonly latchListeners: (() => void)[] = [];

  constructor(
    private readonly hardware: HardwareService,
    private readonly safetyState: SafetyStateRepository,
    private readonly state: RoverStateStore,
    private readonly audit: AuditService,
    private readonly alerts: AlertsService,
    private readonly clock: Clock,
  ) {}

  async onModuleInit(): Promise<void> {
    this.latchedValue = (await this.safetyState.load())?.estopLatched ?? false;
    if (this.latchedValue) this.logger.warn('Starting with the emergency stop latched');
    this.hardware.setFirstFrames(() => (this.latchedValue ? [{ type: 'EST' }] : []));
  }

  get latched(): boolean {
    return this.latchedValue;
  }

  /** Called on every latch, e.g. to drop queued commands and the deadman lease. */
  onLatch(listener: () => void): void {
    this.latchListeners.push(listener);
  }

  async emergencyStop(actor: Actor): Promise<EmergencyStopResult> {
    const previous = this.state.motion();
    this.latchedValue = true;
    this.latchGeneration++;
    const { acknowledged } = this.hardware.sendNow({ type: 'EST' }, ESTOP_ACK_WAIT_MS);
    this.latchListeners.forEach((listener) => listener());
    const timestamp = this.clock.now();
    const confirmed = await acknowledged;
    this.state.recordCommand('emergency_stop', confirmed);
    await this.persist(true, actor, null);
    const details = { confirmed, previousState: previous, link: this.hardware.link$.value.state };
    await this.audit.record(actor, 'emergency_stop', confirmed ? 'ok' : 'unconfirmed', details);
    await this.alerts.raise(
      'emergency_stop',
      'critical',
      `Emergency stop by ${actor.username}${confirmed ? '' : ' (not confirmed by the rover: link down or silent)'}`,
      details,
    );
    return {
      status: 'stopped',
      timestamp: timestamp.toISOString(),
      previous_state: previous,
      confirmed,
    };
  }

  /** Unlatches only: the rover stays still until the next command. Needs the rover to confirm. */
  async resume(
    actor: Actor,
    reason: string,
    ackTimeoutMs: number,
  ): Promise<{ status: 'resumed'; timestamp: string }> {
    const wasLatched = this.latchedValue;
    const generation = this.latchGeneration;
    if (this.hardware.isUp) {
      await this.hardware.send({ type: 'RES' }, { timeoutMs: ackTimeoutMs });
    } else if (wasLatched) {
      throw linkDown(); // the rover's own latch cannot be cleared, so the server's stays too
    }
    if (this.latchGeneration !== generation) {
      // An e-stop arrived while the rover was acknowledging the resume: the stop wins.
      throw new AppError(
        'estop_latched',
        'An emergency stop arrived during the resume; still latched',
      );
    }
    if (wasLatched) {
      this.latchedValue = false;
      await this.persist(false, actor, reason);
    }
    this.state.recordCommand('resume', true);
    await this.audit.record(actor, 'resume', 'ok', { reason, wasLatched });
    return { status: 'resumed', timestamp: this.clock.now().toISOString() };
  }

  private async persist(latched: boolean, actor: Actor, reason: string | null): Promise<void> {
    try {
      await this.safetyState.save({
        estopLatched: latched,
        changedBy: actor.username,
        reason,
        changedAt: this.clock.now(),
      });
    } catch (error) {
      // The rover is stopped and the in-memory latch holds; only a restart would forget it.
      this.logger.error(
        `Could not persist the e-stop latch: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}
