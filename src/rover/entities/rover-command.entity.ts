import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TIMESTAMP, UUID } from '../../database/column-types';

export const COMMAND_TYPES = ['move', 'stop', 'calibrate'] as const;
export type CommandType = (typeof COMMAND_TYPES)[number];

export const COMMAND_STATUSES = [
  'queued',
  'sent',
  'acknowledged',
  'completed',
  'rejected',
  'timed_out',
] as const;
export type CommandStatus = (typeof COMMAND_STATUSES)[number];

/** One motion command and every stage it went through, each with its time. */
@Entity('rover_commands')
@Index('idx_rover_commands_queued_at', ['queuedAt'])
export class RoverCommandEntity {
  @PrimaryColumn(UUID)
  id!: string;

  @Column({ ...UUID, name: 'user_id', nullable: true })
  userId!: string | null;

  @Column({ type: 'varchar', length: 64 })
  username!: string;

  @Column({ type: 'varchar', length: 16 })
  type!: CommandType;

  @Column({ type: 'double precision', nullable: true })
  forward!: number | null;

  @Column({ type: 'double precision', nullable: true })
  turn!: number | null;

  /** Seconds; null = until the next command. */
  @Column({ type: 'double precision', nullable: true })
  duration!: number | null;

  @Column({ type: 'varchar', length: 16 })
  status!: CommandStatus;

  /** Why it was rejected: the error code and, for a rover refusal, its reason. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  reason!: string | null;

  @Column({ type: 'integer', name: 'host_seq', nullable: true })
  hostSeq!: number | null;

  @Column({ ...TIMESTAMP, name: 'queued_at' })
  queuedAt!: Date;

  @Column({ ...TIMESTAMP, name: 'sent_at', nullable: true })
  sentAt!: Date | null;

  @Column({ ...TIMESTAMP, name: 'acknowledged_at', nullable: true })
  acknowledgedAt!: Date | null;

  @Column({ ...TIMESTAMP, name: 'completed_at', nullable: true })
  completedAt!: Date | null;

  @Column({ ...TIMESTAMP, name: 'rejected_at', nullable: true })
  rejectedAt!: Date | null;

  @Column({ ...TIMESTAMP, name: 'timed_out_at', nullable: true })
  timedOutAt!: Date | null;
}
