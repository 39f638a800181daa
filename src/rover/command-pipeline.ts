import { randomUUID } from 'node:crypto';
import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { filter, Subject, type Subscription } from 'rxjs';
import type { Actor } from '../common/actor/actor';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { AppConfig } from '../config/app-config';
import { HardwareService } from '../hardware/hardware.service';
import type { HostCommand } from '../hardware/protocol/frames';
import { CommandHistoryRepository } from './command-history.repository';
import { EmergencyStopService } from './emergency-stop.service';
import type { CommandType, RoverCommandEntity } from './entities/rover-command.entity';
import { RoverMetrics } from './rover-metrics';

/** Commands waiting behind the one in flight; past this the caller is told to slow down. */
export const MAX_QUEUED_COMMANDS = 8;
/**
 * The history rows wait this long for another process's lock: the command ran, so its record is
 * kept rather than dropped after a request's timeout.
 */
const HISTORY_WRITE_WAIT_MS = 60_000;
/** The answer gives the stage rows this long to land after the ACK (readers see them at once). */
const HISTORY_GRACE_MS = 25;

export interface CommandSpec {
  type: CommandType;
  forward: number | null;
  turn: number | null;
  /** Seconds, or null for "until the next command". */
  duration: number | null;
}

/** A command's outcome at each stage that ends a wait: for the `commands` channel. */
export interface CommandOutcome {
  commandId: string;
  type: CommandType;
  status: 'acknowledged' | 'completed' | 'rejected' | 'timed_out';
  username: string;
  reason: string | null;
  at: Date;
}

export interface ExecutedCommand {
  id: string;
  ackedAt: Date;
}

interface Job {
  row: RoverCommandEntity;
  /** The history: the insert, then each stage's update chained on it, in order. */
  recorded: Promise<void>;
  frame: HostCommand;
  resolve: (result: ExecutedCommand) => void;
  reject: (error: unknown) => void;
}

/**
 * The bounded command queue: one command in flight at a time, each recorded at every stage
 * (queued, sent, acknowledged, completed | rejected | timed_out). Only the rover's ACK makes a
 * command succeed. A timed move completes on the rover's DON; any other command on its ACK.
 */
@Injectable()
export class CommandPipeline implements OnModuleDestroy {
  private readonly queue: Job[] = [];
  private busy = false;
  /** Timed moves the rover acknowledged and has not yet reported done, by host sequence number. */
  private readonly awaitingDone = new Map<
    number,
    { id: string; row: RoverCommandEntity; ackedAt: Date; recorded: Promise<void> }
  >();
  private readonly subscriptions: Subscription[] = [];
  /** A timed move finished on the rover (it stopped by itself): the deadman lease can end. */
  readonly timedMoveDone$ = new Subject<string>();
  /** Every command's outcome, as the rover answered it. */
  readonly outcomes$ = new Subject<CommandOutcome>();

  constructor(
    private readonly hardware: HardwareService,
    private readonly estop: EmergencyStopService,
    private readonly history: CommandHistoryRepository,
    private readonly metrics: RoverMetrics,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.subscriptions.push(
      hardware.messages$.subscribe((message) => {
        if (message.type === 'DON') void this.completeTimed(message.hostSeq);
      }),
      // Any stop written to the rover, whoever sent it (the e-stop, the deadman, a shutdown), ends a
      // timed move early, and the rover then sends no DON for it.
      hardware.written$
        .pipe(filter((type) => type === 'STP' || type === 'EST'))
        .subscribe((type) =>
          this.interruptTimedMoves(
            type === 'EST' ? 'cut short by the emergency stop' : 'cut short by a stop',
          ),
        ),
      estop.latched$
        .pipe(filter((latched) => latched))
        .subscribe(() =>
          this.cancelQueued(
            new AppError('estop_latched', 'Emergency stop latched; queued command dropped'),
          ),
        ),
    );
  }

  onModuleDestroy(): void {
    this.subscriptions.forEach((subscription) => subscription.unsubscribe());
  }

  /**
   * Queues a command; resolves once the rover acknowledged it. Nothing is awaited before the
   * frame can leave: the history row is written beside it, never in front of it.
   */
  submit(actor: Actor, spec: CommandSpec, frame: HostCommand): Promise<ExecutedCommand> {
    if (this.queue.length >= MAX_QUEUED_COMMANDS) {
      return Promise.reject(
        new AppError('rate_limited', 'The command queue is full; retry shortly', undefined, {
          'Retry-After': '1',
        }),
      );
    }
    const row = this.newRow(actor, spec);
    const recorded = this.history
      .insert(row, { waitMs: HISTORY_WRITE_WAIT_MS })
      .catch(() => undefined);
    return new Promise<ExecutedCommand>((resolve, reject) => {
      this.queue.push({ row, recorded, frame, resolve, reject });
      void this.drain();
    });
  }

  /** Records a command refused before it reached the queue (latch, link down, collision guard). */
  async recordRefused(actor: Actor, spec: CommandSpec, error: unknown): Promise<void> {
    const now = this.clock.now();
    await this.history
      .insert(
        {
          ...this.newRow(actor, spec),
          status: 'rejected',
          rejectedAt: now,
          reason: describe(error),
        },
        { waitMs: HISTORY_WRITE_WAIT_MS },
      )
      .catch(() => undefined);
  }

  /** Refuses everything still waiting (not yet written), e.g. on an e-stop. */
  cancelQueued(error: AppError): void {
    for (const job of this.queue.splice(0)) void this.fail(job, error);
  }

  private newRow(actor: Actor, spec: CommandSpec): RoverCommandEntity {
    return {
      id: randomUUID(),
      userId: actor.id,
      username: actor.username,
      ...spec,
      status: 'queued',
      reason: null,
      hostSeq: null,
      queuedAt: this.clock.now(),
      sentAt: null,
      acknowledgedAt: null,
      completedAt: null,
      rejectedAt: null,
      timedOutAt: null,
    };
  }

  private async drain(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      for (let job = this.queue.shift(); job; job = this.queue.shift()) await this.execute(job);
    } finally {
      this.busy = false;
    }
  }

  private async execute(job: Job): Promise<void> {
    const { row } = job;
    let recorded = job.recorded;
    const stage = (change: Partial<RoverCommandEntity>) => {
      recorded = recorded
        .then(() => this.history.update(row.id, change, { waitMs: HISTORY_WRITE_WAIT_MS }))
        .catch(() => undefined);
      return recorded;
    };
    try {
      // No await between this check and the write below, so an e-stop cannot slip in between.
      if (this.estop.latched) {
        throw new AppError(
          'estop_latched',
          'The emergency stop was latched before this command left',
        );
      }
      const ack = await this.hardware.send(job.frame, {
        timeoutMs: this.config.rover.commandAckTimeoutMs,
        onSent: (seq, sentAt) => {
          this.metrics.observe('queued_to_sent', row.queuedAt, sentAt);
          void stage({ status: 'sent', hostSeq: seq, sentAt });
        },
      });
      this.metrics.observe('sent_to_acknowledged', ack.sentAt, ack.ackedAt);
      const timed = job.frame.type === 'MOV' && job.frame.durationMs > 0;
      // Stage writes stay in order even when the rover's DON beats the ACK's own write.
      const acknowledged = stage({
        status: timed ? 'acknowledged' : 'completed',
        acknowledgedAt: ack.ackedAt,
        ...(timed ? {} : { completedAt: ack.ackedAt }),
      });
      // Any newer motion command ends a timed move early, and the rover then sends no DON for it.
      this.interruptTimedMoves('superseded by a newer command');
      if (timed)
        this.awaitingDone.set(ack.seq, {
          id: row.id,
          row,
          ackedAt: ack.ackedAt,
          recorded: acknowledged,
        });
      await Promise.race([acknowledged, delay(HISTORY_GRACE_MS)]);
      job.resolve({ id: row.id, ackedAt: ack.ackedAt });
      this.announce(row, timed ? 'acknowledged' : 'completed', null);
    } catch (error) {
      await this.fail(job, error, recorded);
    }
  }

  private async fail(job: Job, error: unknown, recorded = job.recorded): Promise<void> {
    const now = this.clock.now();
    const code = error instanceof AppError ? error.code : 'internal_error';
    const reason = describe(error);
    const written = recorded
      .then(() =>
        this.history.update(
          job.row.id,
          code === 'command_timeout'
            ? { status: 'timed_out', timedOutAt: now, reason }
            : { status: 'rejected', rejectedAt: now, reason },
          { waitMs: HISTORY_WRITE_WAIT_MS },
        ),
      )
      .catch(() => undefined);
    await Promise.race([written, delay(HISTORY_GRACE_MS)]);
    job.reject(error);
    this.announce(job.row, code === 'command_timeout' ? 'timed_out' : 'rejected', reason);
  }

  private announce(
    row: RoverCommandEntity,
    status: CommandOutcome['status'],
    reason: string | null,
  ): void {
    this.outcomes$.next({
      commandId: row.id,
      type: row.type,
      status,
      username: row.username,
      reason,
      at: this.clock.now(),
    });
  }

  /** Timed moves the rover will not report done (a stop or newer command cut them short). */
  interruptTimedMoves(reason: string): void {
    const now = this.clock.now();
    for (const [seq, pending] of this.awaitingDone) {
      this.awaitingDone.delete(seq);
      void pending.recorded
        .catch(() => undefined)
        .then(() =>
          this.history.update(
            pending.id,
            { status: 'completed', completedAt: now, reason },
            { waitMs: HISTORY_WRITE_WAIT_MS },
          ),
        )
        .catch(() => undefined);
    }
  }

  private async completeTimed(hostSeq: number): Promise<void> {
    const pending = this.awaitingDone.get(hostSeq);
    if (!pending) return;
    this.awaitingDone.delete(hostSeq);
    const now = this.clock.now();
    this.metrics.observe('acknowledged_to_completed', pending.ackedAt, now);
    await pending.recorded.catch(() => undefined);
    await this.history
      .update(
        pending.id,
        { status: 'completed', completedAt: now },
        { waitMs: HISTORY_WRITE_WAIT_MS },
      )
      .catch(() => undefined);
    this.timedMoveDone$.next(pending.id);
    this.announce(pending.row, 'completed', null);
  }
}

/** `code: message`, short enough for the history column. */
function describe(error: unknown): string {
  return error instanceof AppError
    ? `${error.code}: ${error.message}`.slice(0, 200)
    : 'internal_error';
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
