import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { MqttFleetSource } from '../../fleet/sources/mqtt-fleet.source';
import { FleetMqttConnection } from '../../fleet/vda5050/fleet-mqtt.connection';

/**
 * The fleet's MQTT broker (FLEET_MQTT_URL), as /health reports it. Like Redis it is left out of
 * /health/ready: without the broker this instance still drives the rover and serves everything
 * else, and the MQTT robots show their last state going stale.
 */
@Injectable()
export class FleetMqttHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    private readonly connection: FleetMqttConnection,
    private readonly vehicles: MqttFleetSource,
  ) {}

  get enabled(): boolean {
    return this.connection.enabled;
  }

  check(): HealthIndicatorResult<'fleet_mqtt'> {
    const indicator = this.health.check('fleet_mqtt');
    const data = { ...this.connection.status(), ...this.vehicles.counts() };
    return data.connected ? indicator.up(data) : indicator.down(data);
  }
}
