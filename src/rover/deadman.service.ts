import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { filter, type Subscription } from 'rxjs';
import { AlertsService } from '../alerts/alerts.service';
import { AuditService } from '../audit/audit.service';
import { type Actor, SYSTEM_ACTOR } from '../common/actor/actor';
import { Clock } from '../common/clock/clock';
import { RuntimeSettings } from '../common/runtime/runtime-settings';
import { HardwareService } from '../hardware/hardware.service';
import { CommandPipeline } from './command-pipeline';
import { EmergencyStopService } from './emergency-stop.service';

const CHECK_INTERVAL_MS = 50;
const STOP_ACK_WAIT_MS = 500;

interface Lease {
  holder: Actor;
  expiresAtMs: number;
}

/**
 * The server-side deadman (API.md §3): while the rover moves under an operator's commands, that
 * operator must send a command or a heartbeat every DEADMAN_TIMEOUT_MS, or the rover is stopped.
 * The firmware has its own, shorter deadman on host heartbeats; this one is about the human.
 */
@Injectable()
export class DeadmanService implements OnModuleDestroy {
  private readonly logger = new Logger('Deadman');
  private lease: Lease | null = null;
  private readonly timer: NodeJS.Timeout;
  private readonly subscriptions: Subscription[];

  constructor(
    private readonly hardware: HardwareService,
    estop: EmergencyStopService,
    pipeline: CommandPipeline,
    private readonly audit: AuditService,
    private readonly alerts: AlertsService,
    private readonly settings: RuntimeSettings,
    private readonly clock: Clock,
  ) {
    this.timer = setInterval(() => this.check(), CHECK_INTERVAL_MS);
    this.timer.unref();
    // The rover is no longer moving under anyone's lease after an e-stop or a finished timed move.
    this.subscriptions = [
      estop.latched$.pipe(filter((latched) => latched)).subscribe(() => this.release()),
      pipeline.timedMoveDone$.subscribe(() => this.release()),
    ];
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
    this.subscriptions.forEach((subscription) => subscription.unsubscribe());
  }

  /** The operator set the rover moving: they now hold the lease. */
  grant(holder: Actor): void {
    this.lease = {
      holder,
      expiresAtMs: this.clock.nowMs() + this.settings.current.deadmanTimeoutMs,
    };
  }

  /** A heartbeat from the lease holder extends it; anyone else's changes nothing and is told so. */
  heartbeat(actor: Actor): { active: boolean; expiresInMs: number | null } {
    if (!this.lease || this.lease.holder.id !== actor.id)
      return { active: false, expiresInMs: null };
    this.grant(actor);
    return this.describe();
  }

  /** The rover is no longer moving under a lease (a stop, an e-stop, a finished timed move). */
  release(): void {
    this.lease = null;
  }

  describe(): { active: boolean; expiresInMs: number | null } {
    return this.lease
      ? { active: true, expiresInMs: Math.max(0, this.lease.expiresAtMs - this.clock.nowMs()) }
      : { active: false, expiresInMs: null };
  }

  private check(): void {
    if (!this.lease || this.clock.nowMs() < this.lease.expiresAtMs) return;
    const { holder } = this.lease;
    this.lease = null;
    const { acknowledged } = this.hardware.sendNow({ type: 'STP' }, STOP_ACK_WAIT_MS);
    this.logger.warn(`Operator ${holder.username} went quiet while driving: rover stopped`);
    void acknowledged.then((confirmed) => {
      const details = {
        operator: holder.username,
        operatorId: holder.id,
        confirmed,
        timeoutMs: this.settings.current.deadmanTimeoutMs,
      };
      void this.audit.record(
        SYSTEM_ACTOR,
        'deadman_stop',
        confirmed ? 'ok' : 'unconfirmed',
        details,
      );
      void this.alerts.raise(
        'deadman_stop',
        'warning',
        `Deadman: ${holder.username} sent nothing while driving; rover stopped`,
        details,
      );
    });
  }
}
