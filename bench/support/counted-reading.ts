import type { TelemetryReading } from '../../src/hardware/protocol/frames';

/**
 * The rover's reading for frame `counter`. position.x goes on the wire with 3 decimals within
 * +-1e6 and reaches the client as the same number, so an integer counter comes through exactly
 * and tells which frame a receipt or a drawn point belongs to.
 */
export function readingFor(counter: number): TelemetryReading {
  return {
    position: { x: counter, y: -0.25, z: 0 },
    rotation: { pitch: 0, roll: 0, yaw: 0.5 },
    wheelSpeeds: { fl: 0, fr: 0, rl: 0, rr: 0 },
    battery: { voltage: 12.3, percentage: 80 },
    temperature: 30.5,
    current: 0.2,
    obstacleDistance: null,
    flags: 0,
  };
}
