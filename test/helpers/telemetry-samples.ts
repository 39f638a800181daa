import { randomUUID } from 'node:crypto';
import { register } from 'prom-client';
import { DataSource } from 'typeorm';
import {
  sampleOf,
  type TelemetryField,
  type TelemetrySample,
} from '../../src/telemetry/telemetry-sample';
import { TelemetryStore } from '../../src/telemetry/storage/telemetry-store';
import type { TestApp } from './create-test-app';

/** A fresh robot id, so that a test's series never meets the rover's live samples or another test's. */
export const newRobotId = (): string => randomUUID();

/** `count` samples of one robot, `stepMs` apart from `fromMs`, with the values `valuesAt(i)` gives. */
export function series(
  robotId: string,
  fromMs: number,
  count: number,
  stepMs: number,
  valuesAt: (i: number, atMs: number) => Partial<Record<TelemetryField, number | null>>,
): TelemetrySample[] {
  return Array.from({ length: count }, (_, i) => {
    const atMs = fromMs + i * stepMs;
    return sampleOf(robotId, new Date(atMs), valuesAt(i, atMs));
  });
}

/**
 * Stores samples through the app's own TelemetryStore (batched, as in production), a bounded
 * number at a time so that the buffer never overflows, and waits until all of them are written.
 */
export async function storeSamples(t: TestApp, samples: readonly TelemetrySample[]): Promise<void> {
  const store = t.app.get(TelemetryStore);
  const step = 10_000;
  for (let i = 0; i < samples.length; i += step) {
    for (const sample of samples.slice(i, i + step)) store.record(sample);
    await store.flush();
  }
  await store.flush();
}

/** Rows stored for one robot (straight from the table: what the API reads must match it). */
export async function countStored(t: TestApp, robotId?: string): Promise<number> {
  const dataSource = t.app.get(DataSource);
  const postgres = dataSource.options.type === 'postgres';
  const rows: { n: number | string }[] =
    robotId === undefined
      ? await dataSource.query('SELECT count(*) AS n FROM "telemetry_samples"')
      : await dataSource.query(
          `SELECT count(*) AS n FROM "telemetry_samples" WHERE "robot_id" = ${postgres ? '$1' : '?'}`,
          [robotId],
        );
  return Number(rows[0].n);
}

/** An instant well before the rover's live samples (which are "now") and well inside retention. */
export function hoursAgo(hours: number): number {
  return Math.floor((Date.now() - hours * 3_600_000) / 60_000) * 60_000;
}

/** telemetry_storage_dropped_total for one reason, as /metrics would show it. */
export async function droppedCount(reason: 'overflow' | 'invalid'): Promise<number> {
  const metric = await register.getSingleMetric('telemetry_storage_dropped_total')?.get();
  return metric?.values.find((v) => v.labels.reason === reason)?.value ?? 0;
}
