import { Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/actor/actor';
import type { AuthenticatedUser } from '../common/access/authenticated-user';
import { AppError } from '../common/errors/app-error';
import { type Page, type PaginationQueryDto, toPage } from '../common/pagination/pagination.dto';
import { linkDown, notLinkOwner } from '../hardware/hardware-errors';
import { HardwareService } from '../hardware/hardware.service';
import { CollisionGuard } from './collision-guard';
import { CommandHistoryRepository } from './command-history.repository';
import { type CommandOutcome, type CommandSpec, CommandPipeline } from './command-pipeline';
import { DeadmanService } from './deadman.service';
import type { CommandRecordDto } from './dto/command-history.dto';
import type {
  CalibrateResultDto,
  ControlCommandDto,
  ControlResultDto,
  HeartbeatResultDto,
} from './dto/control.dto';
import type { RoverStatusDto } from './dto/rover-status.dto';
import { EmergencyStopRelay } from './emergency-stop-relay';
import { RoverStatusMirror } from './rover-status-mirror';
import { EmergencyStopService } from './emergency-stop.service';
import { toCalibrateResult, toCommandRecord, toRoverStatus } from './rover.mapper';
import { LastCommandStore } from './last-command.store';
import { RoverReadings } from './rover-readings';

const SHUTDOWN_STOP_WAIT_MS = 300;

/** API.md §3: |v| < 0.01 is 0, values round to 2 decimals. */
export function normaliseAxis(value: number): number {
  const magnitude = Math.abs(value);
  if (magnitude < 0.01) return 0;
  // Symmetric: -0.125 rounds to -0.13 as 0.125 rounds to 0.13 (Math.round alone rounds towards +inf).
  return (Math.sign(value) * Math.round((magnitude + Number.EPSILON) * 100)) / 100;
}

export const actorOf = (user: AuthenticatedUser): Actor => ({
  id: user.id,
  username: user.username,
});

/**
 * Every path that moves the rover comes through here: refusals first (latch, link, collision
 * guard), then the command queue, then the deadman lease for whoever set it moving.
 */
@Injectable()
export class RoverService implements BeforeApplicationShutdown {
  constructor(
    private readonly hardware: HardwareService,
    private readonly estop: EmergencyStopService,
    private readonly relay: EmergencyStopRelay,
    private readonly deadman: DeadmanService,
    private readonly guard: CollisionGuard,
    private readonly pipeline: CommandPipeline,
    private readonly history: CommandHistoryRepository,
    private readonly readings: RoverReadings,
    private readonly lastCommand: LastCommandStore,
    private readonly audit: AuditService,
    private readonly statusMirror: RoverStatusMirror,
  ) {
    statusMirror.publishFrom(() => this.status());
  }

  async control(user: AuthenticatedUser, dto: ControlCommandDto): Promise<ControlResultDto> {
    const actor = actorOf(user);
    const turn = normaliseAxis(dto.turn);
    const duration = dto.duration ?? null;
    let spec: CommandSpec = { type: 'move', forward: normaliseAxis(dto.forward), turn, duration };
    let queued = false;
    try {
      this.assertMayMove();
      const forward = this.guard.admit(spec.forward ?? 0);
      spec = { ...spec, forward };
      const moving = forward !== 0 || turn !== 0;
      queued = true;
      const executed = await this.pipeline.submit(actor, spec, {
        type: 'MOV',
        forward,
        turn,
        // Never 0 for a timed move: on the wire 0 means "until the next command".
        durationMs: duration === null ? 0 : Math.max(1, Math.round(duration * 1000)),
      });
      if (moving && !this.estop.latched) this.deadman.grant(actor);
      else this.deadman.release();
      this.lastCommand.record('move', true);
      return {
        status: 'success',
        command_id: executed.id,
        timestamp: executed.ackedAt.toISOString(),
        executed_command: { forward, turn, duration },
      };
    } catch (error) {
      this.lastCommand.record('move', false);
      if (!queued) await this.pipeline.recordRefused(actor, spec, error);
      // Not awaited: the refusal is answered without waiting on storage.
      void this.audit.record(actor, 'command_rejected', 'refused', {
        command: { forward: dto.forward, turn: dto.turn, duration },
        error: error instanceof AppError ? error.code : 'internal_error',
      });
      throw error;
    }
  }

  /** Zeroes the rover's odometry (CAL); answered once the rover acknowledged it. */
  async calibrate(user: AuthenticatedUser): Promise<CalibrateResultDto> {
    const actor = actorOf(user);
    const spec: CommandSpec = { type: 'calibrate', forward: null, turn: null, duration: null };
    let queued = false;
    try {
      this.assertMayMove();
      queued = true;
      const executed = await this.pipeline.submit(actor, spec, { type: 'CAL' });
      this.lastCommand.record('calibrate', true);
      return toCalibrateResult(executed.id, executed.ackedAt);
    } catch (error) {
      this.lastCommand.record('calibrate', false);
      if (!queued) await this.pipeline.recordRefused(actor, spec, error);
      throw error;
    }
  }

  heartbeat(user: AuthenticatedUser): HeartbeatResultDto {
    return { status: 'ok', ...this.deadman.heartbeat(actorOf(user)) };
  }

  status(): RoverStatusDto {
    // Without the link, the owner's word (through Redis) is the rover's status, when there is one.
    if (!this.hardware.ownsLink) {
      const owners = this.statusMirror.latest;
      if (owners) return owners;
    }
    return toRoverStatus(
      this.readings.latest?.reading ?? null,
      this.hardware.link$.value,
      this.estop.latched,
      this.lastCommand.last,
    );
  }

  async commands(query: PaginationQueryDto): Promise<Page<CommandRecordDto>> {
    const [rows, total] = await this.history.findPage((query.page - 1) * query.limit, query.limit);
    return toPage(rows, total, query, toCommandRecord);
  }

  async command(id: string): Promise<CommandRecordDto> {
    const row = await this.history.findById(id);
    if (!row) throw AppError.notFound('Command');
    return toCommandRecord(row);
  }

  /** Graceful shutdown stops a moving rover before the link closes. */
  async beforeApplicationShutdown(): Promise<void> {
    this.deadman.release();
    if (!this.readings.motion().moving) return;
    const { written } = this.hardware.sendNow({ type: 'STP' }, SHUTDOWN_STOP_WAIT_MS);
    await Promise.race([
      written,
      new Promise((resolve) => setTimeout(resolve, SHUTDOWN_STOP_WAIT_MS)),
    ]);
  }

  private assertMayMove(): void {
    if (this.estop.latched) {
      throw new AppError(
        'estop_latched',
        'The emergency stop is latched; resume with a reason first',
      );
    }
    if (!this.hardware.ownsLink) throw notLinkOwner();
    if (!this.hardware.isUp) throw linkDown();
  }

  /** The e-stop latch, as it changes (true on every e-stop). */
  get latched$(): Observable<boolean> {
    return this.estop.latched$;
  }

  /** Every command's outcome as the rover answered it. */
  get outcomes$(): Observable<CommandOutcome> {
    return this.pipeline.outcomes$;
  }

  /** Used by the e-stop route: any signed-in user. */
  emergencyStop(user: AuthenticatedUser) {
    // Without the link, the stop goes to the instance that has it (or fails loudly).
    if (this.relay.canForward) return this.relay.forward(actorOf(user));
    return this.estop.emergencyStop(actorOf(user));
  }

  resume(user: AuthenticatedUser, reason: string) {
    return this.estop.resume(actorOf(user), reason);
  }
}
