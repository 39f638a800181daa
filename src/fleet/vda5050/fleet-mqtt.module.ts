import { Module } from '@nestjs/common';
import { AlertsModule } from '../../alerts/alerts.module';
import { HardwareModule } from '../../hardware/hardware.module';
import { MqttFleetSource } from '../sources/mqtt-fleet.source';
import { FleetMqttConnection } from './fleet-mqtt.connection';
import { FLEET_MQTT_METRIC_PROVIDERS, FleetMqttMetrics } from './fleet-mqtt.metrics';
import { VehicleAlerts } from './vehicle-alerts';

/** The fleet's MQTT side (FLEET_MQTT_URL): the broker connection and the vehicles heard on it. */
@Module({
  imports: [HardwareModule, AlertsModule],
  providers: [
    ...FLEET_MQTT_METRIC_PROVIDERS,
    FleetMqttMetrics,
    FleetMqttConnection,
    VehicleAlerts,
    MqttFleetSource,
  ],
  exports: [FleetMqttConnection, MqttFleetSource, FleetMqttMetrics],
})
export class FleetMqttModule {}
