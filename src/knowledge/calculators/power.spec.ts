import { solvePower } from './power';

describe(solvePower.name, () => {
  it('should give P = V·I, I²·R and V²/R alike', () => {
    expect(solvePower({ voltage: 12, current: 0.5 }).power).toBe(6);
    expect(solvePower({ current: 0.5, resistance: 24 }).power).toBe(6);
    expect(solvePower({ voltage: 12, resistance: 24 }).power).toBe(6);
  });

  it('should report the rest of the quantities too', () => {
    expect(solvePower({ voltage: 230, resistance: 52.9 })).toEqual({
      power: expect.closeTo(1000, 9) as number,
      voltage: 230,
      current: expect.closeTo(4.347826, 6) as number,
      resistance: 52.9,
    });
  });
});
