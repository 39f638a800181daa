import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { SettingKey } from '../../../common/runtime/runtime-settings';
import { TIMESTAMP } from '../../../database/column-types';

/** The values an admin changed, by setting; a setting without one follows its environment default. */
export type SettingOverrides = Partial<Record<SettingKey, number>>;

/**
 * The runtime settings an admin changed (PATCH /api/config), as one row: the whole set is read and
 * replaced together, and `version` makes each replacement conditional on the one it was based on.
 */
@Entity('runtime_settings')
export class RuntimeSettingsEntity {
  @PrimaryColumn({ type: 'varchar', length: 16 })
  key!: string;

  @Column({ type: 'simple-json' })
  overrides!: SettingOverrides;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ ...TIMESTAMP, name: 'updated_at' })
  updatedAt!: Date;

  @Column({ type: 'varchar', length: 64, name: 'updated_by' })
  updatedBy!: string;
}
