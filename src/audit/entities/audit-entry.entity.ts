import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TIMESTAMP, UUID } from '../../database/column-types';

export const AUDIT_ACTIONS = [
  'emergency_stop',
  'resume',
  'command_rejected',
  'deadman_stop',
  'config_changed',
  'robot_stop',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_OUTCOMES = ['ok', 'refused', 'unconfirmed', 'failed'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/**
 * Who did what to the rover, when, and how it ended. Append-only, except that repeats of one e-stop
 * while latched are counted into that e-stop's entry (AuditService.amend).
 */
@Entity('audit_log')
@Index('idx_audit_log_at', ['at'])
@Index('idx_audit_log_actor_at', ['actorId', 'at'])
export class AuditEntryEntity {
  @PrimaryColumn(UUID)
  id!: string;

  @Column({ ...TIMESTAMP })
  at!: Date;

  /** Null for the system itself (e.g. the deadman). */
  @Column({ ...UUID, name: 'actor_id', nullable: true })
  actorId!: string | null;

  @Column({ type: 'varchar', length: 64 })
  actor!: string;

  @Column({ type: 'varchar', length: 32 })
  action!: AuditAction;

  @Column({ type: 'varchar', length: 16 })
  outcome!: AuditOutcome;

  @Column({ type: 'simple-json' })
  details!: Record<string, unknown>;
}
