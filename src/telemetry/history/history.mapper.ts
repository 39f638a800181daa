import type { TelemetryField } from '../telemetry-sample';
import type { StoredBucket, StoredSample } from '../storage/telemetry-samples.repository';
import { type BucketGrid, bucketStartMs } from '../storage/time-grid';
import type {
  FieldValuesDto,
  TelemetryHistoryDto,
  TelemetrySampleDto,
} from './dto/history-response.dto';
import type { TimeWindow } from './time-window';

const iso = (ms: number): string => new Date(ms).toISOString();

function toSampleDto(sample: StoredSample): TelemetrySampleDto {
  return { robotId: sample.robotId, at: iso(sample.at), values: sample.values };
}

/** `rows` holds up to limit + 1 samples: the extra one only says where the next page starts. */
export function toRawHistory(
  robotId: string,
  window: TimeWindow,
  fields: TelemetryField[],
  rows: readonly StoredSample[],
  limit: number,
): TelemetryHistoryDto {
  const truncated = rows.length > limit;
  return {
    strategy: 'raw',
    robotId,
    from: iso(window.fromMs),
    to: iso(window.toMs),
    fields,
    truncated,
    nextFrom: truncated ? iso(rows[limit].at) : null,
    samples: rows.slice(0, limit).map(toSampleDto),
  };
}

export function toLatestHistory(
  robotId: string | null,
  toMs: number,
  fields: TelemetryField[],
  rows: readonly StoredSample[],
  limit: number,
): TelemetryHistoryDto {
  return {
    strategy: 'latest',
    robotId,
    from: null,
    to: iso(toMs),
    fields,
    truncated: rows.length > limit,
    samples: rows.slice(0, limit).map(toSampleDto),
  };
}

/** Every bucket of the grid, the empty ones included (the query returns only those with samples). */
export function toMinmaxHistory(
  robotId: string,
  grid: BucketGrid,
  fields: TelemetryField[],
  rows: readonly StoredBucket[],
): TelemetryHistoryDto {
  const byIndex = new Map(rows.map((row) => [row.index, row]));
  const empty: FieldValuesDto = Object.fromEntries(fields.map((field) => [field, null]));
  return {
    strategy: 'minmax',
    robotId,
    from: iso(grid.fromMs),
    to: iso(grid.toMs),
    fields,
    buckets: Array.from({ length: grid.count }, (_, index) => {
      const row = byIndex.get(index);
      return {
        start: iso(bucketStartMs(grid, index)),
        count: row?.count ?? 0,
        min: row?.min ?? empty,
        max: row?.max ?? empty,
      };
    }),
  };
}
