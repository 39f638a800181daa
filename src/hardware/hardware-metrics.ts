import { Injectable } from '@nestjs/common';
import { InjectMetric, makeCounterProvider } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';

export const HARDWARE_METRIC_PROVIDERS = [
  makeCounterProvider({
    name: 'rover_frames_in_total',
    help: 'Valid frames from the rover',
    labelNames: ['type'],
  }),
  makeCounterProvider({
    name: 'rover_frames_out_total',
    help: 'Frames written to the rover',
    labelNames: ['type'],
  }),
  makeCounterProvider({
    name: 'rover_frames_dropped_total',
    help: 'Lines from the rover dropped unread, by reason',
    labelNames: ['reason'],
  }),
  makeCounterProvider({ name: 'rover_link_losses_total', help: 'Times the rover link went down' }),
  makeCounterProvider({
    name: 'telemetry_ingest_dropped_total',
    help: 'Rover telemetry frames dropped before the bulk consumers saw them (they fell behind)',
  }),
];

@Injectable()
export class HardwareMetrics {
  constructor(
    @InjectMetric('rover_frames_in_total') readonly framesIn: Counter<string>,
    @InjectMetric('rover_frames_out_total') readonly framesOut: Counter<string>,
    @InjectMetric('rover_frames_dropped_total') readonly framesDropped: Counter<string>,
    @InjectMetric('rover_link_losses_total') readonly linkLosses: Counter<string>,
    @InjectMetric('telemetry_ingest_dropped_total') readonly telemetryDropped: Counter<string>,
  ) {}
}
