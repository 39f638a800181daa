import { TELEMETRY_FIELDS, type TelemetrySample } from '../telemetry-sample';

/** A sample as one row of telemetry_samples: values in TELEMETRY_FIELDS order, `at` in epoch ms. */
export interface StorableSample {
  readonly robotId: string;
  readonly at: number;
  readonly values: readonly (number | null)[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The row to store for a sample, or null when it cannot be stored: a robot id that is not a UUID
 * (PostgreSQL's uuid column would refuse it and fail the whole batch with it) or a time that is
 * not a valid instant after 1970. NaN and infinities are not measurements: they are stored as
 * null (SQLite would store NaN as null anyway, and JSON cannot carry either).
 */
export function toStorable(sample: TelemetrySample): StorableSample | null {
  const { robotId, at } = sample;
  if (typeof robotId !== 'string' || !UUID.test(robotId)) return null;
  const atMs = at instanceof Date ? at.getTime() : Number.NaN;
  if (!Number.isSafeInteger(atMs) || atMs < 0) return null;
  const values = TELEMETRY_FIELDS.map((field) => {
    const value = sample.values[field];
    return typeof value === 'number' && Number.isFinite(value) ? value : null;
  });
  return { robotId: robotId.toLowerCase(), at: atMs, values };
}
