import type { LinkState } from '../hardware/link-status';

export type RobotKind = 'rover' | 'simulated';
export const ROBOT_KINDS = ['rover', 'simulated'] as const satisfies readonly RobotKind[];

export interface GeoPoint {
  lat: number;
  lng: number;
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
}
