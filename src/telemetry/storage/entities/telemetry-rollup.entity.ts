import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { UUID } from '../../../database/column-types';
import { TELEMETRY_FIELDS } from '../../telemetry-sample';
import { FIELD_COLUMNS } from '../telemetry-columns';

/**
 * The count, min and max of every field over one ROLLUP_CELL_MS cell of one robot's samples,
 * recomputed from telemetry_samples in the same transaction as every batch that touches the cell.
 * A minmax history reads the cells that lie wholly inside one bucket from here and only the
 * samples of the cells cut by a bucket edge from telemetry_samples: exact, and about a
 * cell's worth of samples per bucket read instead of all of them.
 */
@Entity({ name: 'telemetry_rollups', withoutRowid: true })
@Index('idx_telemetry_rollups_cell_start', ['cellStart'])
export class TelemetryRollupEntity {
  @PrimaryColumn({ ...UUID, name: 'robot_id' })
  robotId!: string;

  /** Epoch milliseconds, a multiple of ROLLUP_CELL_MS. */
  @PrimaryColumn({ type: 'bigint', name: 'cell_start' })
  cellStart!: number;

  @Column({ type: 'integer', name: 'sample_count' })
  sampleCount!: number;
}

for (const field of TELEMETRY_FIELDS) {
  for (const bound of ['min', 'max'] as const) {
    Column({ type: 'double precision', name: `${bound}_${FIELD_COLUMNS[field]}`, nullable: true })(
      TelemetryRollupEntity.prototype,
      `${bound}${field[0].toUpperCase()}${field.slice(1)}`,
    );
  }
}
