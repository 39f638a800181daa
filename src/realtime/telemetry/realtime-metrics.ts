import { Injectable } from '@nestjs/common';
import { InjectMetric, makeCounterProvider, makeGaugeProvider } from '@willsoto/nestjs-prometheus';
import type { Counter, Gauge } from 'prom-client';

export const REALTIME_METRIC_PROVIDERS = [
  makeCounterProvider({
    name: 'telemetry_frames_in_total',
    help: 'Rover telemetry readings that reached the realtime layer',
  }),
  makeCounterProvider({
    name: 'telemetry_messages_out_total',
    help: 'Telemetry messages handed to subscribed sockets on this instance',
  }),
  makeCounterProvider({
    name: 'telemetry_messages_dropped_total',
    help: 'Telemetry messages a slow socket missed (volatile: it was still writing earlier ones)',
  }),
  makeCounterProvider({
    name: 'realtime_slow_clients_disconnected_total',
    help: 'Sockets disconnected because their unsent backlog passed the limit',
  }),
  makeGaugeProvider({
    name: 'rover_battery_percent',
    help: 'The rover battery as last reported',
  }),
  makeGaugeProvider({
    name: 'socketio_connected_sockets',
    help: 'Connected Socket.IO sockets on this instance, by namespace',
    labelNames: ['namespace'],
  }),
];

@Injectable()
export class RealtimeMetrics {
  constructor(
    @InjectMetric('telemetry_frames_in_total') readonly telemetryIn: Counter<string>,
    @InjectMetric('telemetry_messages_out_total') readonly telemetryOut: Counter<string>,
    @InjectMetric('telemetry_messages_dropped_total') readonly telemetryDropped: Counter<string>,
    @InjectMetric('realtime_slow_clients_disconnected_total')
    readonly slowClientsDisconnected: Counter<string>,
    @InjectMetric('rover_battery_percent') readonly battery: Gauge<string>,
    @InjectMetric('socketio_connected_sockets') readonly sockets: Gauge<string>,
  ) {}
}
