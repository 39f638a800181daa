import { TELEMETRY_FIELDS, type TelemetryField } from '../telemetry-sample';
import type { StorableSample } from './storable-sample';
import { FIELD_COLUMNS, ROLLUP_CELL_MS } from './telemetry-columns';
import type { BucketGrid, CellRange } from './time-grid';

/**
 * The telemetry statements, as text and parameters for either driver. Identifiers come from
 * TELEMETRY_FIELDS only; every value is a bound parameter. Nothing here touches a connection.
 */

export type SqlDialect = 'sqlite' | 'postgres';

export interface Statement {
  readonly sql: string;
  readonly params: unknown[];
}

const SAMPLES = '"telemetry_samples"';
const ROLLUPS = '"telemetry_rollups"';
const CELL = ROLLUP_CELL_MS;

/**
 * SQLite (SQLITE_MAX_VARIABLE_NUMBER, 32766 since 3.32; better-sqlite3 12 ships 3.5x built with
 * exactly that) is the tighter of the two limits on bound parameters per statement (PostgreSQL's
 * protocol allows 65535).
 */
export const MAX_BIND_PARAMETERS = 32_766;
const PARAMS_PER_SAMPLE = 2 + TELEMETRY_FIELDS.length;
/** The most samples one INSERT can carry. */
export const SAMPLES_PER_INSERT = Math.floor(MAX_BIND_PARAMETERS / PARAMS_PER_SAMPLE);

/** Placeholders in the driver's spelling, numbered in the order they are added. */
class Params {
  readonly values: unknown[] = [];

  constructor(private readonly dialect: SqlDialect) {}

  value(value: unknown): string {
    this.values.push(value);
    return this.dialect === 'postgres' ? `$${this.values.length}` : '?';
  }

  /**
   * An integer, typed as one: better-sqlite3 binds every JS number as REAL, under which `/` would
   * not be integer division; PostgreSQL would guess int4 for some of them, too small for epoch ms.
   */
  int(value: number): string {
    const placeholder = this.value(value);
    return this.dialect === 'postgres'
      ? `${placeholder}::bigint`
      : `CAST(${placeholder} AS INTEGER)`;
  }
}

const column = (field: TelemetryField): string => `"${FIELD_COLUMNS[field]}"`;
/** Selects a field under its API name, so that rows come back keyed by field. */
const fieldAs = (field: TelemetryField, table = ''): string =>
  `${table}${column(field)} AS "${field}"`;

/** Texts of recent INSERT shapes (a live stream repeats a few batch sizes; a long text costs ~1 ms). */
const insertTexts = new Map<string, string>();
const INSERT_TEXTS_KEPT = 16;

/** One multi-row INSERT of at most SAMPLES_PER_INSERT samples; a sample already stored is kept. */
export function insertSamples(dialect: SqlDialect, samples: readonly StorableSample[]): Statement {
  if (samples.length === 0 || samples.length > SAMPLES_PER_INSERT) {
    throw new RangeError(`an insert carries 1..${SAMPLES_PER_INSERT} samples`);
  }
  const params: unknown[] = [];
  for (const sample of samples) params.push(sample.robotId, sample.at, ...sample.values);
  const key = `${dialect}:${samples.length}`;
  let sql = insertTexts.get(key);
  if (sql === undefined) {
    const placeholders = new Params(dialect);
    const rows = samples.map(
      () =>
        `(${Array.from({ length: PARAMS_PER_SAMPLE }, () => placeholders.value(null)).join(', ')})`,
    );
    const columns = ['"robot_id"', '"at"', ...TELEMETRY_FIELDS.map(column)].join(', ');
    sql = `INSERT INTO ${SAMPLES} (${columns}) VALUES ${rows.join(', ')} ON CONFLICT DO NOTHING`;
    insertTexts.set(key, sql);
    if (insertTexts.size > INSERT_TEXTS_KEPT)
      insertTexts.delete(insertTexts.keys().next().value as string);
  }
  return { sql, params };
}

/** The cells of one robot's run, recomputed from the stored samples (so duplicates count once). */
export function recomputeRollups(dialect: SqlDialect, range: CellRange): Statement {
  const p = new Params(dialect);
  const cellStart = `("at" / ${CELL}) * ${CELL}`;
  const bounds = TELEMETRY_FIELDS.flatMap((field) => [
    `"min_${FIELD_COLUMNS[field]}"`,
    `"max_${FIELD_COLUMNS[field]}"`,
  ]);
  const aggregates = TELEMETRY_FIELDS.flatMap((field) => [
    `min(${column(field)})`,
    `max(${column(field)})`,
  ]);
  const sql =
    `INSERT INTO ${ROLLUPS} ("robot_id", "cell_start", "sample_count", ${bounds.join(', ')}) ` +
    `SELECT "robot_id", ${cellStart}, count(*), ${aggregates.join(', ')} FROM ${SAMPLES} ` +
    `WHERE "robot_id" = ${p.value(range.robotId)} AND "at" >= ${p.int(range.fromMs)} AND "at" < ${p.int(range.toMs)} ` +
    `GROUP BY "robot_id", ${cellStart} ` +
    `ON CONFLICT ("robot_id", "cell_start") DO UPDATE SET "sample_count" = excluded."sample_count", ` +
    bounds.map((name) => `${name} = excluded.${name}`).join(', ');
  return { sql, params: p.values };
}

/** The samples of one robot in [from, to), oldest first, at most `limit`. */
export function rawSamples(
  dialect: SqlDialect,
  robotId: string,
  fromMs: number,
  toMs: number,
  fields: readonly TelemetryField[],
  limit: number,
): Statement {
  const p = new Params(dialect);
  const sql =
    `SELECT "robot_id" AS "robotId", "at", ${fields.map((f) => fieldAs(f)).join(', ')} FROM ${SAMPLES} ` +
    `WHERE "robot_id" = ${p.value(robotId)} AND "at" >= ${p.int(fromMs)} AND "at" < ${p.int(toMs)} ` +
    `ORDER BY "at" LIMIT ${p.int(limit)}`;
  return { sql, params: p.values };
}

/** The newest sample of one robot at or before `atOrBeforeMs`. */
export function latestOfRobot(
  dialect: SqlDialect,
  robotId: string,
  atOrBeforeMs: number,
  fields: readonly TelemetryField[],
): Statement {
  const p = new Params(dialect);
  const sql =
    `SELECT "robot_id" AS "robotId", "at", ${fields.map((f) => fieldAs(f)).join(', ')} FROM ${SAMPLES} ` +
    `WHERE "robot_id" = ${p.value(robotId)} AND "at" <= ${p.int(atOrBeforeMs)} ORDER BY "at" DESC LIMIT 1`;
  return { sql, params: p.values };
}

/**
 * The newest sample of every robot at or before `atOrBeforeMs`, by robot id, at most `limit`.
 * The robots are found by skipping through the primary key one robot at a time (a recursive
 * query, the same on both drivers), then each robot's newest sample is one key lookup: no scan
 * of the table, however many samples each robot has.
 */
export function latestOfEveryRobot(
  dialect: SqlDialect,
  atOrBeforeMs: number,
  fields: readonly TelemetryField[],
  limit: number,
): Statement {
  const p = new Params(dialect);
  const sql =
    `WITH RECURSIVE robots(id) AS (` +
    `SELECT (SELECT "robot_id" FROM ${SAMPLES} ORDER BY "robot_id" LIMIT 1) ` +
    `UNION ALL SELECT (SELECT "robot_id" FROM ${SAMPLES} WHERE "robot_id" > robots.id ORDER BY "robot_id" LIMIT 1) ` +
    `FROM robots WHERE robots.id IS NOT NULL) ` +
    `SELECT s."robot_id" AS "robotId", s."at", ${fields.map((f) => fieldAs(f, 's.')).join(', ')} ` +
    `FROM robots CROSS JOIN ${SAMPLES} s ` +
    `WHERE robots.id IS NOT NULL AND s."robot_id" = robots.id AND s."at" = (` +
    `SELECT max("at") FROM ${SAMPLES} WHERE "robot_id" = robots.id AND "at" <= ${p.int(atOrBeforeMs)}) ` +
    `ORDER BY s."robot_id" LIMIT ${p.int(limit)}`;
  return { sql, params: p.values };
}

/**
 * Count, min and max of each field per bucket of `grid`, for one robot, computed by the database.
 * A bucket's rows come from two places:
 *   - the rollup cells that lie wholly inside it (one row per second of samples), and
 *   - the samples of the cells that a bucket edge cuts (found by listing the edges), read raw;
 * so every sample of the window is counted exactly once, and the query reads about one cell of
 * samples per bucket plus one rollup row per second instead of every sample. Buckets narrower
 * than a cell make every cell an edge cell: still exact, and then the window is short anyway.
 * The bucket of an instant is time-grid.ts's `bucketIndex`, in SQL integer arithmetic.
 */
export function minmaxBuckets(
  dialect: SqlDialect,
  robotId: string,
  grid: BucketGrid,
  fields: readonly TelemetryField[],
): Statement {
  const p = new Params(dialect);
  const span = grid.toMs - grid.fromMs;
  const bucketOf = (instant: string): string =>
    `((${instant} - ${p.int(grid.fromMs)}) * ${p.int(grid.count)}) / ${p.int(span)}`;
  const partial = fields.map(
    (f, i) => `r."min_${FIELD_COLUMNS[f]}" AS mn${i}, r."max_${FIELD_COLUMNS[f]}" AS mx${i}`,
  );
  const raw = fields.map((f) => `s.${column(f)}, s.${column(f)}`);
  const merged = fields.map((f, i) => `min(mn${i}) AS "min_${f}", max(mx${i}) AS "max_${f}"`);
  const edges =
    `edge(k, e) AS (SELECT 0, ${p.int(grid.fromMs)} UNION ALL ` +
    `SELECT k + 1, ${p.int(grid.fromMs)} + ((k + 1) * ${p.int(span)} + ${p.int(grid.count)} - 1) / ${p.int(grid.count)} ` +
    `FROM edge WHERE k < ${p.int(grid.count)})`;
  // Each cut cell, clipped to the window: one lower and one upper bound, so that each is one index range.
  const greatest = dialect === 'postgres' ? 'GREATEST' : 'max';
  const least = dialect === 'postgres' ? 'LEAST' : 'min';
  const edgeCells =
    `cut(lo, hi) AS (SELECT DISTINCT ${greatest}((e / ${CELL}) * ${CELL}, ${p.int(grid.fromMs)}), ` +
    `${least}((e / ${CELL}) * ${CELL} + ${CELL}, ${p.int(grid.toMs)}) FROM edge WHERE e % ${CELL} <> 0)`;
  const fromCells =
    `SELECT ${bucketOf('r."cell_start"')} AS b, r."sample_count" AS n, ${partial.join(', ')} ` +
    `FROM ${ROLLUPS} r WHERE r."robot_id" = ${p.value(robotId)} ` +
    `AND r."cell_start" >= ${p.int(grid.fromMs)} AND r."cell_start" <= ${p.int(grid.toMs - CELL)} ` +
    `AND ${bucketOf('r."cell_start"')} = ${bucketOf(`r."cell_start" + ${CELL - 1}`)}`;
  // One index range per cut cell. SQLite keeps the left side of a CROSS JOIN as the outer loop;
  // PostgreSQL gets a LATERAL subquery that it may not flatten (OFFSET 0), because it cannot
  // know how narrow the ranges are: with a plain join and no fresh statistics it scanned all of
  // the robot's samples once per cell (31 s for 1M samples and 500 buckets instead of 50 ms).
  const sampleBucket = bucketOf('s."at"');
  const robot = p.value(robotId);
  const fromSamples =
    dialect === 'postgres'
      ? `SELECT ${sampleBucket}, 1, ${raw.join(', ')} FROM cut CROSS JOIN LATERAL (` +
        `SELECT * FROM ${SAMPLES} WHERE "robot_id" = ${robot} AND "at" >= cut.lo AND "at" < cut.hi ` +
        `OFFSET 0) s`
      : `SELECT ${sampleBucket}, 1, ${raw.join(', ')} FROM cut CROSS JOIN ${SAMPLES} s ` +
        `WHERE s."robot_id" = ${robot} AND s."at" >= cut.lo AND s."at" < cut.hi`;
  const sql =
    `WITH RECURSIVE ${edges}, ${edgeCells}, part AS (${fromCells} UNION ALL ${fromSamples}) ` +
    `SELECT b, sum(n) AS n, ${merged.join(', ')} FROM part GROUP BY b ORDER BY b`;
  return { sql, params: p.values };
}

export interface ExportCursor {
  readonly at: number;
  readonly robotId: string;
}

/**
 * One page of an export in (at, robot id) order, after `cursor` (keyset pagination: each page is
 * an index range, however deep into the window it is).
 */
export function exportPage(
  dialect: SqlDialect,
  window: { fromMs: number; toMs: number; robotId?: string },
  cursor: ExportCursor | undefined,
  limit: number,
): Statement {
  const p = new Params(dialect);
  // One lower bound on "at", the tighter one: given `at >= from AND at > cursor`, SQLite starts
  // its index range at one of them and filters on the other, and starting at `from` would make
  // every page rescan the window up to the cursor. Conditions are written in the order their
  // placeholders are added (they are positional on SQLite).
  const where: string[] = [];
  if (window.robotId !== undefined) where.push(`"robot_id" = ${p.value(window.robotId)}`);
  if (cursor === undefined) {
    where.push(`"at" >= ${p.int(window.fromMs)}`);
  } else if (window.robotId !== undefined) {
    // one sample per robot and millisecond: the next one is at least a millisecond later
    where.push(`"at" >= ${p.int(Math.max(window.fromMs, cursor.at + 1))}`);
  } else {
    where.push(
      `"at" >= ${p.int(Math.max(window.fromMs, cursor.at))}`,
      `("at" > ${p.int(cursor.at)} OR "robot_id" > ${p.value(cursor.robotId)})`,
    );
  }
  where.push(`"at" < ${p.int(window.toMs)}`);
  const order = window.robotId !== undefined ? '"at"' : '"at", "robot_id"';
  const sql =
    `SELECT "robot_id" AS "robotId", "at", ${TELEMETRY_FIELDS.map((f) => fieldAs(f)).join(', ')} ` +
    `FROM ${SAMPLES} WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT ${p.int(limit)}`;
  return { sql, params: p.values };
}

/**
 * Deletes up to `limit` of the oldest rows of `table` whose `timeColumn` is before `beforeMs`,
 * picked by primary key, which is ("robot_id", `timeColumn`) in both tables: DELETE has no LIMIT
 * on PostgreSQL.
 */
function deleteOldestBefore(
  dialect: SqlDialect,
  table: string,
  timeColumn: string,
  beforeMs: number,
  limit: number,
): Statement {
  const p = new Params(dialect);
  const key = `"robot_id", ${timeColumn}`;
  const sql =
    `DELETE FROM ${table} WHERE (${key}) IN (SELECT ${key} FROM ${table} ` +
    `WHERE ${timeColumn} < ${p.int(beforeMs)} ORDER BY ${timeColumn} LIMIT ${p.int(limit)})`;
  return { sql, params: p.values };
}

/** Deletes up to `limit` of the oldest samples before `beforeMs`. */
export const deleteSamplesBefore = (dialect: SqlDialect, beforeMs: number, limit: number) =>
  deleteOldestBefore(dialect, SAMPLES, '"at"', beforeMs, limit);

/** Deletes up to `limit` of the oldest rollup cells that start before `beforeMs`. */
export const deleteRollupsBefore = (dialect: SqlDialect, beforeMs: number, limit: number) =>
  deleteOldestBefore(dialect, ROLLUPS, '"cell_start"', beforeMs, limit);
