/** The wire protocol's frame types (docs/serial-protocol.md). */

export const PROTOCOL_VERSION = 1;
export const MAX_FRAME_BYTES = 120;
export const MAX_SEQ = 65535;

export const NAK_REASONS = ['ESTOP', 'RANGE', 'BADCMD', 'LOWBAT', 'FAULT'] as const;
export type NakReason = (typeof NAK_REASONS)[number];

export const FAULT_CODES = [
  'MOTOR_OVERCURRENT',
  'OVERTEMP',
  'BATTERY_CRITICAL',
  'SENSOR_FAILURE',
] as const;
export type FaultCode = (typeof FAULT_CODES)[number];

/** Telemetry `flags` bits. */
export const TelemetryFlag = {
  EstopLatched: 1,
  Moving: 2,
  HostTimeout: 4,
  FramesDropped: 8,
} as const;

export type HostCommand =
  | { type: 'MOV'; forward: number; turn: number; durationMs: number }
  | { type: 'STP' }
  | { type: 'EST' }
  | { type: 'RES' }
  | { type: 'HBT' }
  | { type: 'CAL' };

export type HostCommandType = HostCommand['type'];

export interface TelemetryReading {
  position: { x: number; y: number; z: number };
  rotation: { pitch: number; roll: number; yaw: number };
  wheelSpeeds: { fl: number; fr: number; rl: number; rr: number };
  battery: { voltage: number; percentage: number };
  temperature: number;
  current: number;
  /** Metres to the nearest obstacle ahead; null when nothing is in range (sent as -1). */
  obstacleDistance: number | null;
  flags: number;
}

export type RoverMessage =
  | { type: 'ACK'; hostSeq: number }
  | { type: 'NAK'; hostSeq: number; reason: NakReason }
  | { type: 'DON'; hostSeq: number }
  | { type: 'TEL'; telemetry: TelemetryReading }
  | { type: 'FLT'; code: FaultCode }
  | { type: 'HEL'; protocolVersion: number; firmware: string };

export type RoverMessageType = RoverMessage['type'];

/** A decoded frame: the sender's sequence number and its payload. */
export interface Frame<T> {
  seq: number;
  payload: T;
}

export type DropReason =
  | 'overlong'
  | 'non_ascii'
  | 'framing'
  | 'checksum'
  | 'sequence'
  | 'unknown_type'
  | 'field_count'
  | 'field_value';

export type Decoded<T> = { ok: true; frame: Frame<T> } | { ok: false; reason: DropReason };
