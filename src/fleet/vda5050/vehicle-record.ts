import { FLEET_BASE, offsetToLatLng } from '../geo';
import type { RobotError, RobotState, VehicleStatus } from '../robot';
import type { StateMessage } from './vda5050-messages';

/** One vehicle as the registry keeps it: what it last said, and what is needed to judge the next. */
export interface VehicleRecord {
  readonly id: string;
  readonly key: string;
  readonly robot: RobotState;
  readonly vehicle: VehicleStatus;
  lastHeaderId: { state?: number; connection?: number };
  /** When the last valid state arrived, in ms; staleness counts from here. */
  lastStateAtMs: number | null;
  lastHeardAtMs: number;
}

const MAX_ERRORS = 32;
const MAX_TEXT = 200;

/** A validated state's values, bounded, on the record. */
export function applyState(record: VehicleRecord, state: StateMessage): void {
  const { robot, vehicle } = record;
  robot.battery = Math.round(Math.min(100, Math.max(0, state.batteryState.batteryCharge)));
  vehicle.driving = state.driving;
  vehicle.paused = state.paused ?? null;
  vehicle.operatingMode = state.operatingMode.slice(0, 32);
  vehicle.errors = state.errors.slice(0, MAX_ERRORS).map((error): RobotError => ({
    type: error.errorType.slice(0, MAX_TEXT),
    level: error.errorLevel,
    description: error.errorDescription?.slice(0, MAX_TEXT) ?? null,
  }));
  vehicle.safetyState = {
    eStop: state.safetyState.eStop,
    fieldViolation: state.safetyState.fieldViolation,
  };
  const position = state.agvPosition;
  if (position) {
    vehicle.position = {
      x: position.x,
      y: position.y,
      theta: position.theta,
      mapId: position.mapId.slice(0, MAX_TEXT),
    };
    // Like the rover's arena, the map's origin is placed on the fleet's base point (x east, y north).
    robot.location = offsetToLatLng(FLEET_BASE, position.x, position.y);
  }
}

/** Online: connected (or heard from without a connection message yet), and not stale. */
export function refreshOnline(record: VehicleRecord): void {
  const { connectionState, stale } = record.vehicle;
  if (stale || connectionState === 'OFFLINE' || connectionState === 'CONNECTIONBROKEN')
    record.robot.online = false;
  else record.robot.online = connectionState === 'ONLINE' || record.lastStateAtMs !== null;
}

export function copyVehicle(vehicle: VehicleStatus): VehicleStatus {
  return {
    ...vehicle,
    errors: vehicle.errors.map((e) => ({ ...e })),
    safetyState: vehicle.safetyState ? { ...vehicle.safetyState } : null,
    position: vehicle.position ? { ...vehicle.position } : null,
  };
}

/** A copy for callers: nothing they do to it changes the registry. */
export function snapshot(record: VehicleRecord): RobotState {
  return {
    ...record.robot,
    lastUpdated: record.robot.lastUpdated ? new Date(record.robot.lastUpdated.getTime()) : null,
    location: record.robot.location ? { ...record.robot.location } : null,
    vehicle: copyVehicle(record.vehicle),
  };
}
