import { advancePose, bodyRates, wheelSpeeds, wrapAngle } from './kinematics';

describe('kinematics', () => {
  it('should scale forward and turn to 0.5 m/s and 1.5 rad/s', () => {
    expect(bodyRates({ forward: -1, turn: 0.5 })).toEqual({ linearMps: -0.5, angularRadps: 0.75 });
  });

  it('should give the outer wheels of a left turn the higher speed', () => {
    expect(wheelSpeeds({ linearMps: 0.5, angularRadps: 1 })).toEqual({
      fl: 0.4,
      fr: 0.6,
      rl: 0.4,
      rr: 0.6,
    });
  });

  it('should wrap angles into [-π, π]', () => {
    expect(wrapAngle(0)).toBe(0);
    expect(wrapAngle(3 * Math.PI + 0.5)).toBeCloseTo(-Math.PI + 0.5, 9);
    expect(wrapAngle(-3 * Math.PI - 0.5)).toBeCloseTo(Math.PI - 0.5, 9);
    for (let a = -20; a <= 20; a += 0.37) {
      expect(Math.abs(wrapAngle(a))).toBeLessThanOrEqual(Math.PI);
      expect(Math.cos(wrapAngle(a))).toBeCloseTo(Math.cos(a), 9);
    }
  });

  it('should end an arc in the same place whatever the step size', () => {
    const rates = { linearMps: 0.4, angularRadps: 0.9 };
    let stepped = { x: 1, y: -1, yaw: 2.5 };
    for (let i = 0; i < 100; i++) stepped = advancePose(stepped, rates, 0.03);
    const once = advancePose({ x: 1, y: -1, yaw: 2.5 }, rates, 3);
    expect(stepped.x).toBeCloseTo(once.x, 9);
    expect(stepped.y).toBeCloseTo(once.y, 9);
    expect(stepped.yaw).toBeCloseTo(once.yaw, 9);
  });

  it('should drive straight backwards along the heading', () => {
    const pose = advancePose(
      { x: 0, y: 0, yaw: Math.PI / 2 },
      { linearMps: -0.5, angularRadps: 0 },
      2,
    );
    expect(pose.x).toBeCloseTo(0, 9);
    expect(pose.y).toBeCloseTo(-1, 9);
  });
});
