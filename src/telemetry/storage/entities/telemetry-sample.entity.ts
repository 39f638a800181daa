import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { UUID } from '../../../database/column-types';
import { TELEMETRY_FIELDS } from '../../telemetry-sample';
import { FIELD_COLUMNS } from '../telemetry-columns';

/**
 * One row per sample, one nullable column per field (TELEMETRY_FIELDS, declared below from that
 * list so that the two cannot drift). Only TelemetrySamplesRepository reads or writes it, in SQL.
 *
 * `at` is epoch milliseconds in a bigint rather than a timestamp column: bucketing is then integer
 * arithmetic in SQL on both drivers, and SQLite compares integers instead of parsing a text
 * timestamp per row. The key (robot_id, at) keeps one sample per robot and millisecond; on SQLite
 * the table is WITHOUT ROWID, so it is clustered on that key and one robot's window is one
 * contiguous range. The (at, robot_id) index serves retention and exports across robots.
 */
@Entity({ name: 'telemetry_samples', withoutRowid: true })
@Index('idx_telemetry_samples_at', ['at', 'robotId'])
export class TelemetrySampleEntity {
  @PrimaryColumn({ ...UUID, name: 'robot_id' })
  robotId!: string;

  @PrimaryColumn({ type: 'bigint' })
  at!: number;
}

for (const field of TELEMETRY_FIELDS) {
  Column({ type: 'double precision', name: FIELD_COLUMNS[field], nullable: true })(
    TelemetrySampleEntity.prototype,
    field,
  );
}
