import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { WriteLock, type WriteOptions } from '../../database/write-lock';
import type { TelemetryField } from '../telemetry-sample';
import type { StorableSample } from './storable-sample';
import { ROLLUP_CELL_MS } from './telemetry-columns';
import {
  deleteRollupsBefore,
  deleteSamplesBefore,
  type ExportCursor,
  exportPage,
  insertSamples,
  latestOfEveryRobot,
  latestOfRobot,
  minmaxBuckets,
  rawSamples,
  recomputeRollups,
  SAMPLES_PER_INSERT,
  type SqlDialect,
  type Statement,
} from './telemetry-sql';
import { type BucketGrid, touchedCellRanges } from './time-grid';

export type FieldValues = Partial<Record<TelemetryField, number | null>>;

export interface StoredSample {
  robotId: string;
  /** Epoch milliseconds. */
  at: number;
  values: FieldValues;
}

export interface StoredBucket {
  index: number;
  count: number;
  min: FieldValues;
  max: FieldValues;
}

/** One exported row: every field under its own name, `at` in epoch milliseconds. */
export type ExportRow = { robotId: string; at: number } & Record<TelemetryField, number | null>;

type Row = Record<string, unknown>;

/** node-postgres hands bigint and sums back as strings; SQLite as numbers. */
const toNumber = (value: unknown): number => (typeof value === 'number' ? value : Number(value));
const toValue = (value: unknown): number | null =>
  value === null || value === undefined ? null : toNumber(value);

/**
 * The only file of telemetry storage that touches the database. Writes go through WriteLock (on
 * SQLite every write shares one connection); reads are single statements and need no lock.
 */
@Injectable()
export class TelemetrySamplesRepository {
  private readonly dialect: SqlDialect;

  constructor(
    private readonly dataSource: DataSource,
    private readonly writeLock: WriteLock,
  ) {
    this.dialect = dataSource.options.type === 'postgres' ? 'postgres' : 'sqlite';
  }

  /**
   * Stores a batch (one multi-row INSERT per SAMPLES_PER_INSERT samples) and recomputes the
   * rollup cells it touched, in one transaction: one commit per batch, and the rollups never
   * disagree with the samples.
   */
  async insertBatch(samples: readonly StorableSample[], options: WriteOptions): Promise<void> {
    if (samples.length === 0) return;
    const statements: Statement[] = [];
    for (let i = 0; i < samples.length; i += SAMPLES_PER_INSERT) {
      statements.push(insertSamples(this.dialect, samples.slice(i, i + SAMPLES_PER_INSERT)));
    }
    for (const range of touchedCellRanges(samples, ROLLUP_CELL_MS)) {
      statements.push(recomputeRollups(this.dialect, range));
    }
    await this.writeLock.run(
      () =>
        this.dataSource.transaction(async (manager) => {
          for (const { sql, params } of statements) await manager.query(sql, params);
        }),
      options,
    );
  }

  /** Deletes up to `limit` of the oldest samples before `beforeMs`; returns how many. */
  deleteSamplesBefore(beforeMs: number, limit: number, options: WriteOptions): Promise<number> {
    return this.delete(deleteSamplesBefore(this.dialect, beforeMs, limit), options);
  }

  /** Deletes up to `limit` of the oldest rollup cells starting before `beforeMs`; returns how many. */
  deleteRollupsBefore(beforeMs: number, limit: number, options: WriteOptions): Promise<number> {
    return this.delete(deleteRollupsBefore(this.dialect, beforeMs, limit), options);
  }

  /**
   * PostgreSQL only: fresh planner statistics for both tables. The keyset pages and the minmax
   * query are fast only with index plans, which a table that grew since its last ANALYZE (or was
   * never analyzed, where autovacuum is off) does not get: a page of an export went from 0.1 ms
   * to 100 ms over 1M unanalyzed rows. SQLite plans these from the schema alone.
   */
  async refreshStatistics(): Promise<void> {
    if (this.dialect === 'postgres') {
      await this.dataSource.query('ANALYZE "telemetry_samples", "telemetry_rollups"');
    }
  }

  async raw(
    robotId: string,
    fromMs: number,
    toMs: number,
    fields: readonly TelemetryField[],
    limit: number,
  ): Promise<StoredSample[]> {
    const rows = await this.select(rawSamples(this.dialect, robotId, fromMs, toMs, fields, limit));
    return rows.map((row) => toSample(row, fields));
  }

  async latest(
    robotId: string | undefined,
    atOrBeforeMs: number,
    fields: readonly TelemetryField[],
    limit: number,
  ): Promise<StoredSample[]> {
    const statement =
      robotId === undefined
        ? latestOfEveryRobot(this.dialect, atOrBeforeMs, fields, limit)
        : latestOfRobot(this.dialect, robotId, atOrBeforeMs, fields);
    const rows = await this.select(statement);
    return rows.map((row) => toSample(row, fields));
  }

  /** The non-empty buckets of the grid, in order. */
  async minmax(
    robotId: string,
    grid: BucketGrid,
    fields: readonly TelemetryField[],
  ): Promise<StoredBucket[]> {
    const rows = await this.selectWithoutJit(minmaxBuckets(this.dialect, robotId, grid, fields));
    return rows.map((row) => {
      const min: FieldValues = {};
      const max: FieldValues = {};
      for (const field of fields) {
        min[field] = toValue(row[`min_${field}`]);
        max[field] = toValue(row[`max_${field}`]);
      }
      return { index: toNumber(row.b), count: toNumber(row.n), min, max };
    });
  }

  /** One page of an export, after `cursor`, in (at, robot id) order. */
  async exportPage(
    window: { fromMs: number; toMs: number; robotId?: string },
    cursor: ExportCursor | undefined,
    limit: number,
  ): Promise<ExportRow[]> {
    const rows = await this.select(exportPage(this.dialect, window, cursor, limit));
    if (this.dialect === 'postgres') for (const row of rows) row.at = toNumber(row.at);
    return rows as ExportRow[];
  }

  private select(statement: Statement): Promise<Row[]> {
    return this.dataSource.query<Row[]>(statement.sql, statement.params);
  }

  /**
   * PostgreSQL cannot know how few samples the cut cells hold (their ranges are computed in the
   * query), estimates millions of rows, and JIT-compiles the query: 0.5 s of compiling for a query
   * that runs in 50 ms. The setting is local to this one statement's transaction.
   */
  private selectWithoutJit(statement: Statement): Promise<Row[]> {
    if (this.dialect !== 'postgres') return this.select(statement);
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SET LOCAL jit = off');
      return manager.query<Row[]>(statement.sql, statement.params);
    });
  }

  private delete(statement: Statement, options: WriteOptions): Promise<number> {
    return this.writeLock.run(async () => {
      const runner = this.dataSource.createQueryRunner();
      try {
        const result = await runner.query(statement.sql, statement.params, true);
        return result.affected ?? 0;
      } finally {
        await runner.release();
      }
    }, options);
  }
}

function toSample(row: Row, fields: readonly TelemetryField[]): StoredSample {
  const values: FieldValues = {};
  for (const field of fields) values[field] = toValue(row[field]);
  return { robotId: String(row.robotId), at: toNumber(row.at), values };
}
