import { arenaWalls, DEFAULT_WORLD, distanceAhead, type Obstacle } from './world';

const wall: Obstacle = { kind: 'wall', from: { x: 2, y: -1 }, to: { x: 2, y: 1 } };
const post: Obstacle = { kind: 'circle', center: { x: 0, y: 3 }, radius: 0.5 };

describe(distanceAhead.name, () => {
  it('should measure the distance to a wall straight ahead and at an angle', () => {
    expect(distanceAhead([wall], { x: 0, y: 0, yaw: 0 }, 4)).toBeCloseTo(2, 9);
    expect(distanceAhead([wall], { x: 0, y: 0, yaw: Math.PI / 8 }, 4)).toBeCloseTo(
      2 / Math.cos(Math.PI / 8),
      9,
    );
  });

  it('should miss a wall the ray passes beside, behind or parallel to', () => {
    expect(distanceAhead([wall], { x: 0, y: 0, yaw: Math.PI / 3 }, 10)).toBeNull();
    expect(distanceAhead([wall], { x: 3, y: 0, yaw: 0 }, 10)).toBeNull();
    expect(distanceAhead([wall], { x: 2, y: -3, yaw: 0 }, 10)).toBeNull();
  });

  it('should measure to the near edge of a circle and see nothing past it', () => {
    expect(distanceAhead([post], { x: 0, y: 0, yaw: Math.PI / 2 }, 4)).toBeCloseTo(2.5, 9);
    expect(distanceAhead([post], { x: 0, y: 0, yaw: -Math.PI / 2 }, 4)).toBeNull();
    expect(distanceAhead([post], { x: 0.6, y: 0, yaw: Math.PI / 2 }, 4)).toBeNull();
    expect(distanceAhead([post], { x: 0, y: 3.2, yaw: 0 }, 4)).toBe(0);
  });

  it('should report the nearest of several obstacles and nothing beyond the range', () => {
    expect(distanceAhead([wall, post], { x: 0, y: 0, yaw: 0 }, 4)).toBeCloseTo(2, 9);
    expect(distanceAhead([wall], { x: 0, y: 0, yaw: 0 }, 1.99)).toBeNull();
  });

  it('should enclose the default start pose in an arena with a wall 3 m ahead', () => {
    const range = DEFAULT_WORLD.detectionRangeM;
    expect(range).toBe(4);
    expect(distanceAhead(DEFAULT_WORLD.obstacles, { x: 0, y: 0, yaw: 0 }, range)).toBeCloseTo(3, 9);
    for (const yaw of [Math.PI / 2, Math.PI, -Math.PI / 2]) {
      expect(distanceAhead(DEFAULT_WORLD.obstacles, { x: 0, y: 0, yaw }, range)).toBeNull();
      expect(distanceAhead(DEFAULT_WORLD.obstacles, { x: 0, y: 0, yaw }, 100)).toBeCloseTo(5, 9);
    }
  });

  it('should build four connected arena walls', () => {
    const walls = arenaWalls(5);
    expect(walls).toHaveLength(4);
    for (const yaw of [0, Math.PI / 2, Math.PI, -Math.PI / 2, Math.PI / 4]) {
      expect(distanceAhead(walls, { x: 0, y: 0, yaw }, 100)).not.toBeNull();
    }
  });
});
