import { randomUUID } from 'node:crypto';
import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import type { Actor } from '../audit/audit.service';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { AppConfig } from '../config/app-config';
import { HardwareService } from '../hardware/hardware.service';
import type { HostCommand } from '../hardware/protocol/frames';
import { CommandHistoryRepository } from './command-history.repository';
import type { CommandType, RoverCommandEntity } from './entities/rover-command.entity';
import { RoverMetrics } from './rover-metrics';

/** Commands waiting behind the one in flight; past this the caller is told to slow down. */
export const MAX_QUEUED_COMMANDS = 8;

export interface CommandSpec {
  type: CommandType;
  forward: number | null;
  turn: number | null;
  /** Seconds, or null for "until the next command". */
  duration: number | null;
}

export interface ExecutedCommand {
  id: string;
  ackedAt: Date;
}

interface Job {
  row: RoverCommandEntity;
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
  /** Submits past the bound check whose history row is not yet written. */
  private admitting = 0;
  private busy = false;
  /** Timed moves the rover acknowledged and has not yet reported done, by host sequence number. */
  private readonly awaitingDone = new Map<
    number,
    { id: string; ackedAt: Date; recorded: Promise<void> }
  >();
  private readonly subscription: Subscription;
  private readonly doneListeners: ((commandId: string) => void)[] = [];
  /** Returns why nothing may be written now (the e-stop), checked synchronously before each write. */
  private gate: () => AppError | undefined = () => undefined;

  constructor(
    private readonly hardware: HardwareService,
    private readonly history: CommandHistoryRepository,
    private readonly metrics: RoverMetrics,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.subscription = hardware.messages$.subscribe((message) => {
      if (message.type === 'DON') void this.completeTimed(message.hostSeq);
    });
  }

  onModuleDestroy(): void {
    this.subscription.unsubscribe();
  }

  setGate(gate: () => AppError | undefined): void {
    this.gate = gate;
  }

  /** Called when a timed move finished on the rover (it stopped by itself). */
  onTimedMoveDone(listener: (commandId: string) => void): void {
    this.doneListeners.push(listener);
  }

  async submit(actor: Actor, spec: CommandSpec, frame: HostCommand): Promise<ExecutedCommand> {
    // Counted with the commands whose history row is still being written, so that concurrent
    // submits cannot all pass the check before any of them reaches the queue.
    if (this.queue.length + this.admitting >= MAX_QUEUED_COMMANDS) {
      throw new AppError('rate_limited', 'The command queue is full; retry shortly', undefined, {
        'Retry-After': '1',
      });
    }
    this.admitting++;
    const row = this.newRow(actor, spec);
    try {
      await this.history.insert(row);
    } finally {
      this.admitting--;
    }
    return new Promise<ExecutedCommand>((resolve, reject) => {
      this.queue.push({ row, frame, resolve, reject });
      void this.drain();
    });
  }

  /** Records a command refused before it reached the queue (latch, link down, collision guard). */
  async recordRefused(actor: Actor, spec: CommandSpec, error: unknown): Promise<void> {
    const now = this.clock.now();
    await this.history
      .insert({
        ...this.newRow(actor, spec),
        status: 'rejected',
        rejectedAt: now,
        reason: describe(error),
      })
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
    let sent: Promise<void> = Promise.resolve();
    try {
      // No await between this check and the write below, so an e-stop cannot slip in between.
      const refusal = this.gate();
      if (refusal) throw refusal;
      const ack = await this.hardware.send(job.frame, {
        timeoutMs: this.config.rover.commandAckTimeoutMs,
        onSent: (seq, sentAt) => {
          this.metrics.observe('queued_to_sent', row.queuedAt, sentAt);
          sent = this.history.update(row.id, { status: 'sent', hostSeq: seq, sentAt });
        },
      });
      this.metrics.observe('sent_to_acknowledged', ack.sentAt, ack.ackedAt);
      const timed = job.frame.type === 'MOV' && job.frame.durationMs > 0;
      // Stage writes stay in order even when the rover's DON beats the ACK's own write.
      const recorded = sent.then(() =>
        this.history.update(row.id, {
          status: timed ? 'acknowledged' : 'completed',
          acknowledgedAt: ack.ackedAt,
          ...(timed ? {} : { completedAt: ack.ackedAt }),
        }),
      );
      // Any newer motion command ends a timed move early, and the rover then sends no DON for it.
      this.interruptTimedMoves('superseded by a newer command');
      if (timed) this.awaitingDone.set(ack.seq, { id: row.id, ackedAt: ack.ackedAt, recorded });
      await recorded;
      job.resolve({ id: row.id, ackedAt: ack.ackedAt });
    } catch (error) {
      await sent;
      await this.fail(job, error);
    }
  }

  private async fail(job: Job, error: unknown): Promise<void> {
    const now = this.clock.now();
    const code = error instanceof AppError ? error.code : 'internal_error';
    const reason = describe(error);
    await this.history
      .update(
        job.row.id,
        code === 'command_timeout'
          ? { status: 'timed_out', timedOutAt: now, reason }
          : { status: 'rejected', rejectedAt: now, reason },
      )
      .catch(() => undefined);
    job.reject(error);
  }

  /** Timed moves the rover will not report done (a stop or newer command cut them short). */
  interruptTimedMoves(reason: string): void {
    const now = this.clock.now();
    for (const [seq, pending] of this.awaitingDone) {
      this.awaitingDone.delete(seq);
      void pending.recorded
        .catch(() => undefined)
        .then(() =>
          this.history.update(pending.id, { status: 'completed', completedAt: now, reason }),
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
      .update(pending.id, { status: 'completed', completedAt: now })
      .catch(() => undefined);
    this.doneListeners.forEach((listener) => listener(pending.id));
  }
}

/** `code: message`, short enough for the history column. */
function describe(error: unknown): string {
  return error instanceof AppError
    ? `${error.code}: ${error.message}`.slice(0, 200)
    : 'internal_error';
}
