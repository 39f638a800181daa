import { type Pose } from './kinematics';

/** The simulator's small world: obstacles the rover's forward range sensor can see. */

export interface Point {
  x: number;
  y: number;
}

export type Obstacle =
  { kind: 'circle'; center: Point; radius: number } | { kind: 'wall'; from: Point; to: Point };

export interface World {
  obstacles: readonly Obstacle[];
  /** The range sensor reports nothing beyond this distance. */
  detectionRangeM: number;
}

/** The four walls of a square arena centred on the origin. */
export function arenaWalls(halfSizeM: number): Obstacle[] {
  const h = halfSizeM;
  const corners: Point[] = [
    { x: -h, y: -h },
    { x: h, y: -h },
    { x: h, y: h },
    { x: -h, y: h },
  ];
  return corners.map((from, i) => ({ kind: 'wall', from, to: corners[(i + 1) % corners.length] }));
}

/**
 * A 10 m × 10 m arena. The short wall at x = 3 m sits straight ahead of the start pose (origin,
 * facing +x), so a fresh rover that drives forward sees its obstacle distance shrink; facing any
 * other axis the nearest thing is the arena wall 5 m away, out of range.
 */
export const DEFAULT_WORLD: World = {
  detectionRangeM: 4,
  obstacles: [
    ...arenaWalls(5),
    { kind: 'wall', from: { x: 3, y: -1.5 }, to: { x: 3, y: 1.5 } },
    { kind: 'circle', center: { x: -2, y: 2.5 }, radius: 0.4 },
    { kind: 'circle', center: { x: 1.5, y: -3 }, radius: 0.5 },
  ],
};

const cross = (a: Point, b: Point): number => a.x * b.y - a.y * b.x;

function rayToWall(origin: Point, dir: Point, from: Point, to: Point): number | null {
  const edge = { x: to.x - from.x, y: to.y - from.y };
  const denominator = cross(dir, edge);
  // A ray parallel to the wall can only graze its end, which a real range sensor would not report.
  if (Math.abs(denominator) < 1e-12) return null;
  const offset = { x: from.x - origin.x, y: from.y - origin.y };
  const along = cross(offset, edge) / denominator;
  const onWall = cross(offset, dir) / denominator;
  return along >= 0 && onWall >= 0 && onWall <= 1 ? along : null;
}

function rayToCircle(origin: Point, dir: Point, center: Point, radius: number): number | null {
  const offset = { x: origin.x - center.x, y: origin.y - center.y };
  const b = offset.x * dir.x + offset.y * dir.y;
  const c = offset.x * offset.x + offset.y * offset.y - radius * radius;
  if (c <= 0) return 0; // already touching it
  const discriminant = b * b - c;
  if (discriminant < 0) return null;
  const along = -b - Math.sqrt(discriminant);
  return along >= 0 ? along : null;
}

/** Distance along the pose's heading to the first obstacle within `maxRangeM`, or null. */
export function distanceAhead(
  obstacles: readonly Obstacle[],
  pose: Pose,
  maxRangeM: number,
): number | null {
  const origin = { x: pose.x, y: pose.y };
  const dir = { x: Math.cos(pose.yaw), y: Math.sin(pose.yaw) };
  let nearest: number | null = null;
  for (const obstacle of obstacles) {
    const hit =
      obstacle.kind === 'wall'
        ? rayToWall(origin, dir, obstacle.from, obstacle.to)
        : rayToCircle(origin, dir, obstacle.center, obstacle.radius);
    if (hit !== null && hit <= maxRangeM && (nearest === null || hit < nearest)) nearest = hit;
  }
  return nearest;
}
