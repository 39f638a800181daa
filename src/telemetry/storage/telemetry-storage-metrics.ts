import { Injectable } from '@nestjs/common';
import {
  InjectMetric,
  makeCounterProvider,
  makeGaugeProvider,
  makeHistogramProvider,
} from '@willsoto/nestjs-prometheus';
import type { Counter, Gauge, Histogram } from 'prom-client';

export type StorageDropReason = 'overflow' | 'invalid';

export const TELEMETRY_STORAGE_METRIC_PROVIDERS = [
  makeCounterProvider({
    name: 'telemetry_stored_total',
    help: 'Telemetry samples written to storage',
  }),
  makeCounterProvider({
    name: 'telemetry_storage_dropped_total',
    help: 'Telemetry samples never stored: overflow (storage fell behind, oldest dropped) or invalid',
    labelNames: ['reason'],
  }),
  makeGaugeProvider({
    name: 'telemetry_storage_buffered',
    help: 'Telemetry samples waiting for storage',
  }),
  makeHistogramProvider({
    name: 'telemetry_storage_flush_seconds',
    help: 'Time to store one batch of telemetry, lock wait included',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  }),
];

@Injectable()
export class TelemetryStorageMetrics {
  constructor(
    @InjectMetric('telemetry_stored_total') readonly stored: Counter<string>,
    @InjectMetric('telemetry_storage_dropped_total') private readonly dropped: Counter<string>,
    @InjectMetric('telemetry_storage_buffered') readonly buffered: Gauge<string>,
    @InjectMetric('telemetry_storage_flush_seconds') readonly flushSeconds: Histogram<string>,
  ) {}

  drop(reason: StorageDropReason, count = 1): void {
    this.dropped.inc({ reason }, count);
  }
}
