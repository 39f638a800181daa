import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TIMESTAMP } from '../../database/column-types';

/** The e-stop latch, persisted so that a restart comes back latched. One row per rover link. */
@Entity('rover_safety_state')
export class RoverSafetyStateEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  key!: string;

  @Column({ type: 'boolean', name: 'estop_latched' })
  estopLatched!: boolean;

  @Column({ type: 'varchar', length: 64, name: 'changed_by' })
  changedBy!: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  reason!: string | null;

  @Column({ ...TIMESTAMP, name: 'changed_at' })
  changedAt!: Date;
}
