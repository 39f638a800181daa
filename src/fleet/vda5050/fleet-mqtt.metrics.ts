import { Injectable } from '@nestjs/common';
import { InjectMetric, makeCounterProvider, makeGaugeProvider } from '@willsoto/nestjs-prometheus';
import type { Counter, Gauge } from 'prom-client';
import type { DropReason, Subtopic } from './vehicle-registry';

export const FLEET_MQTT_METRIC_PROVIDERS = [
  makeCounterProvider({
    name: 'fleet_mqtt_messages_total',
    help: 'MQTT messages received from vehicles, by VDA 5050 subtopic (valid or not)',
    labelNames: ['topic'],
  }),
  makeCounterProvider({
    name: 'fleet_mqtt_invalid_messages_total',
    help: 'MQTT messages dropped before they touched any state, by subtopic and reason',
    labelNames: ['topic', 'reason'],
  }),
  makeGaugeProvider({
    name: 'fleet_mqtt_robots',
    help: 'Vehicles heard over MQTT, by whether they are online now',
    labelNames: ['state'],
  }),
  makeGaugeProvider({
    name: 'fleet_mqtt_connected',
    help: '1 while the MQTT broker connection is up',
  }),
  makeCounterProvider({
    name: 'fleet_mqtt_reconnects_total',
    help: 'Times the MQTT connection came back after it was lost',
  }),
  makeCounterProvider({
    name: 'fleet_robot_stops_total',
    help: 'Robot stops sent (POST /api/robots/:id/stop and /api/robots/stop), by how they ended',
    labelNames: ['outcome'],
  }),
];

@Injectable()
export class FleetMqttMetrics {
  constructor(
    @InjectMetric('fleet_mqtt_messages_total') private readonly messages: Counter<string>,
    @InjectMetric('fleet_mqtt_invalid_messages_total') private readonly invalid: Counter<string>,
    @InjectMetric('fleet_mqtt_robots') readonly robots: Gauge<string>,
    @InjectMetric('fleet_mqtt_connected') readonly connected: Gauge<string>,
    @InjectMetric('fleet_mqtt_reconnects_total') readonly reconnects: Counter<string>,
    @InjectMetric('fleet_robot_stops_total') private readonly stops: Counter<string>,
  ) {}

  received(topic: Subtopic): void {
    this.messages.inc({ topic });
  }

  dropped(topic: Subtopic, reason: DropReason): void {
    this.invalid.inc({ topic, reason });
  }

  stopped(outcome: string): void {
    this.stops.inc({ outcome });
  }
}
