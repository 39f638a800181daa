import type { TelemetryReading } from '../../hardware/protocol/frames';
import type { TelemetryData } from './events';

/** A rover reading as the `telemetry` channel carries it. */
export function toTelemetryData(reading: TelemetryReading): TelemetryData {
  return {
    position: reading.position,
    rotation: reading.rotation,
    wheelSpeeds: reading.wheelSpeeds,
    sensors: {
      battery: reading.battery.percentage,
      temperature: reading.temperature,
      current: reading.current,
    },
    obstacleDistance: reading.obstacleDistance,
  };
}
