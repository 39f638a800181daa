import { awgDiameterMm, awgLabel, COPPER_RESISTIVITY, solveWireGauge } from './wire-gauge';

describe(solveWireGauge.name, () => {
  it('should match the AWG table (18 AWG: 1.024 mm, 20.95 mohm/m)', () => {
    const d = awgDiameterMm(18);
    expect(d).toBeCloseTo(1.0237, 4);
    expect(COPPER_RESISTIVITY / ((Math.PI * (d * 1e-3) ** 2) / 4)).toBeCloseTo(0.02095, 5);
  });

  it('should choose 17 AWG for 2 A over 5 m at 12 V within 3 %', () => {
    // Allowed: 0.36 V over 10 m of wire -> at most 18 mohm/m. 18 AWG (20.95 mohm/m) drops
    // 0.419 V; 17 AWG (d = 1.1495 mm, 1.0378 mm², 16.61 mohm/m) drops 0.3322 V = 2.77 %.
    const wire = solveWireGauge({ current: 2, lengthM: 5, voltage: 12, maxDropPercent: 3 });
    expect(wire).toMatchObject({ awg: 17, awgLabel: '17' });
    expect(wire?.diameterMm).toBeCloseTo(1.1495, 4);
    expect(wire?.resistance).toBeCloseTo(0.1661, 4);
    expect(wire?.voltageDrop).toBeCloseTo(0.3322, 3);
    expect(wire?.dropPercent).toBeCloseTo(2.769, 2);
  });

  it('should settle for 40 AWG when any wire will do', () => {
    expect(
      solveWireGauge({ current: 0.001, lengthM: 0.1, voltage: 12, maxDropPercent: 10 })?.awg,
    ).toBe(40);
  });

  it('should give nothing when even 4/0 drops too much', () => {
    expect(
      solveWireGauge({ current: 500, lengthM: 1000, voltage: 12, maxDropPercent: 1 }),
    ).toBeUndefined();
  });

  it('should label the aught sizes as printed', () => {
    expect([awgLabel(1), awgLabel(0), awgLabel(-1), awgLabel(-3)]).toEqual([
      '1',
      '1/0',
      '2/0',
      '4/0',
    ]);
  });
});
