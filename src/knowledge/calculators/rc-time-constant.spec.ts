import { solveRcTimeConstant } from './rc-time-constant';

describe(solveRcTimeConstant.name, () => {
  it('should give τ = 1 s for 10k × 100 µF, and 5 s to 99 %', () => {
    const r = solveRcTimeConstant({ resistance: 10_000, capacitance: 100e-6 });
    expect(r.tau).toBeCloseTo(1, 12);
    expect(r.timeTo63Percent).toBeCloseTo(1, 12);
    expect(r.timeTo99Percent).toBeCloseTo(5, 12);
  });
});
