import { createHash } from 'node:crypto';

/**
 * Robot ids are UUIDs (API.md §0), derived from what a robot is rather than drawn at random, so the
 * same robot keeps its id across restarts and across instances that share a Redis: the simulated
 * robot number 3 is the same id everywhere, and so is the rover on the serial link.
 */
export function robotId(source: 'rover' | 'sim' | 'mqtt', key: string): string {
  const hex = createHash('sha256').update(`rmc:robot:${source}:${key}`).digest('hex');
  // Shaped as a version-4, RFC 4122 variant UUID, so every id the API hands out validates alike.
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The rover on the serial link (or the in-process simulator standing in for it). */
export const ROVER_ROBOT_ID = robotId('rover', 'serial');
