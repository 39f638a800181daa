import type { LinkState } from '../hardware/link-status';

/** What a robot is, which is also where it comes from: the serial link, the simulator, or MQTT. */
export type RobotKind = 'rover' | 'simulated' | 'mqtt';
export const ROBOT_KINDS = ['rover', 'simulated', 'mqtt'] as const satisfies readonly RobotKind[];

export interface GeoPoint {
  lat: number;
  lng: number;
}

export type ConnectionState = 'ONLINE' | 'OFFLINE' | 'CONNECTIONBROKEN';
export const CONNECTION_STATES = [
  'ONLINE',
  'OFFLINE',
  'CONNECTIONBROKEN',
] as const satisfies readonly ConnectionState[];

export interface RobotError {
  type: string;
  level: 'WARNING' | 'FATAL';
  description: string | null;
}

export interface SafetyState {
  eStop: 'AUTOACK' | 'MANUAL' | 'REMOTE' | 'NONE';
  fieldViolation: boolean;
}

/** A position in the robot's own map frame (metres, radians), as VDA 5050 reports it. */
export interface MapPosition {
  x: number;
  y: number;
  theta: number;
  mapId: string;
}

/**
 * What a VDA 5050 vehicle reports beyond the fields every robot has. Null members are values the
 * vehicle has not reported yet (a `connection` message can come before the first `state`).
 */
export interface VehicleStatus {
  manufacturer: string;
  serialNumber: string;
  connectionState: ConnectionState | null;
  /** No `state` within the staleness window: the values are the last ones heard. */
  stale: boolean;
  driving: boolean | null;
  paused: boolean | null;
  operatingMode: string | null;
  errors: RobotError[];
  safetyState: SafetyState | null;
  position: MapPosition | null;
}

/**
 * One member of the fleet as its source last knew it. Percentages are whole numbers (0-100);
 * null means the robot does not report that value, or has not yet.
 */
export interface RobotState {
  id: string;
  name: string;
  kind: RobotKind;
  online: boolean;
  battery: number | null;
  cpu: number | null;
  ram: number | null;
  /** When the robot was last heard from; it does not move when a robot goes offline. */
  lastUpdated: Date | null;
  location: GeoPoint | null;
  /** The serial link, for the rover only. */
  link: { state: LinkState; port: string } | null;
  /** For robots over MQTT only. */
  vehicle?: VehicleStatus | null;
  /** Whether a fleet stop paused it (the simulator's robots; a vehicle says so in `vehicle`). */
  paused?: boolean;
}
