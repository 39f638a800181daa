import { Injectable } from '@nestjs/common';
import { InjectMetric, makeHistogramProvider } from '@willsoto/nestjs-prometheus';
import type { Histogram } from 'prom-client';

export const ROVER_METRIC_PROVIDERS = [
  makeHistogramProvider({
    name: 'rover_command_stage_seconds',
    help: 'Time a rover command spent between two stages',
    labelNames: ['stage'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  }),
];

export type StageTransition =
  'queued_to_sent' | 'sent_to_acknowledged' | 'acknowledged_to_completed';

@Injectable()
export class RoverMetrics {
  constructor(
    @InjectMetric('rover_command_stage_seconds') private readonly stages: Histogram<string>,
  ) {}

  observe(stage: StageTransition, from: Date, to: Date): void {
    this.stages.observe({ stage }, Math.max(0, to.getTime() - from.getTime()) / 1000);
  }
}
