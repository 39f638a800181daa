import { solveOhmsLaw } from './ohms-law';

describe(solveOhmsLaw.name, () => {
  it('should derive resistance and power from 12 V at 2 A', () => {
    expect(solveOhmsLaw({ voltage: 12, current: 2 })).toEqual({
      voltage: 12,
      current: 2,
      resistance: 6,
      power: 24,
    });
  });

  it('should derive current from 5 V over 220 ohm', () => {
    const r = solveOhmsLaw({ voltage: 5, resistance: 220 });
    expect(r.current).toBeCloseTo(0.022727, 6);
    expect(r.power).toBeCloseTo(0.113636, 6);
  });

  it('should round-trip: each pair of a solution gives back the third', () => {
    const { voltage, current, resistance } = solveOhmsLaw({ current: 0.015, resistance: 330 });
    expect(voltage).toBeCloseTo(4.95, 12);
    expect(solveOhmsLaw({ voltage, current }).resistance).toBeCloseTo(330, 9);
    expect(solveOhmsLaw({ voltage, resistance }).current).toBeCloseTo(0.015, 12);
  });
});
