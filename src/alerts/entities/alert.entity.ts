import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TIMESTAMP, UUID } from '../../database/column-types';

export const ALERT_KINDS = [
  'link_lost',
  'link_restored',
  'fault',
  'low_battery',
  'deadman_stop',
  'emergency_stop',
  'storage_failure',
  'robot_connection_broken',
  'robot_fatal_error',
  'robot_estop',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

@Entity('alerts')
@Index('idx_alerts_at', ['at'])
export class AlertEntity {
  @PrimaryColumn(UUID)
  id!: string;

  @Column({ ...TIMESTAMP })
  at!: Date;

  @Column({ type: 'varchar', length: 32 })
  kind!: AlertKind;

  @Column({ type: 'varchar', length: 16 })
  severity!: AlertSeverity;

  @Column({ type: 'varchar', length: 500 })
  message!: string;

  @Column({ type: 'simple-json' })
  details!: Record<string, unknown>;
}
