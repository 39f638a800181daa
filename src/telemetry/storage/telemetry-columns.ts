import { TELEMETRY_FIELDS, type TelemetryField } from '../telemetry-sample';

/** The column that stores a field: snake_case (`obstacleDistance` -> `obstacle_distance`). */
export function columnOf(field: TelemetryField): string {
  return field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

export const FIELD_COLUMNS: Readonly<Record<TelemetryField, string>> = Object.fromEntries(
  TELEMETRY_FIELDS.map((field) => [field, columnOf(field)]),
) as Record<TelemetryField, string>;

/**
 * Rollup cells are this long, aligned on the epoch: one row per robot and second holds the count,
 * min and max of every field, so a chart over many samples reads the cells instead of the samples.
 */
export const ROLLUP_CELL_MS = 1000;
