import type { TelemetryReading } from '../hardware/protocol/frames';

/** The numeric series a robot reports; each is a column in storage and a `fields` name in history. */
export const TELEMETRY_FIELDS = [
  'x',
  'y',
  'z',
  'pitch',
  'roll',
  'yaw',
  'fl',
  'fr',
  'rl',
  'rr',
  'battery',
  'voltage',
  'temperature',
  'current',
  'obstacleDistance',
  'cpu',
  'ram',
  'lat',
  'lng',
] as const;
export type TelemetryField = (typeof TELEMETRY_FIELDS)[number];

/** One moment of one robot: what is stored, charted and exported. Unknown values are null. */
export interface TelemetrySample {
  robotId: string;
  at: Date;
  values: Record<TelemetryField, number | null>;
}

const NO_VALUES: Record<TelemetryField, null> = Object.fromEntries(
  TELEMETRY_FIELDS.map((field) => [field, null]),
) as Record<TelemetryField, null>;

export function sampleOf(
  robotId: string,
  at: Date,
  values: Partial<Record<TelemetryField, number | null>>,
): TelemetrySample {
  return { robotId, at, values: { ...NO_VALUES, ...values } };
}

/** A rover TEL frame as a sample (battery in percent; voltage beside it). */
export function sampleFromReading(
  robotId: string,
  at: Date,
  reading: TelemetryReading,
): TelemetrySample {
  return sampleOf(robotId, at, {
    x: reading.position.x,
    y: reading.position.y,
    z: reading.position.z,
    pitch: reading.rotation.pitch,
    roll: reading.rotation.roll,
    yaw: reading.rotation.yaw,
    fl: reading.wheelSpeeds.fl,
    fr: reading.wheelSpeeds.fr,
    rl: reading.wheelSpeeds.rl,
    rr: reading.wheelSpeeds.rr,
    battery: reading.battery.percentage,
    voltage: reading.battery.voltage,
    temperature: reading.temperature,
    current: reading.current,
    obstacleDistance: reading.obstacleDistance,
  });
}
