import { solveVoltageDivider } from './voltage-divider';

describe(solveVoltageDivider.name, () => {
  it('should give 3.84 V from 12 V over 10k / 4.7k', () => {
    const r = solveVoltageDivider({ vin: 12, r1: 10_000, r2: 4_700 });
    expect(r.vout).toBeCloseTo(3.8367, 4);
    expect(r.current).toBeCloseTo(12 / 14_700, 12);
    expect(r.power).toBeCloseTo(144 / 14_700, 12);
  });

  it('should halve the input with equal resistors', () => {
    expect(solveVoltageDivider({ vin: 5, r1: 1_000, r2: 1_000 }).vout).toBe(2.5);
  });
});
