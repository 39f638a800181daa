import { E12, E24, preferredAtOrAbove } from './e-series';
import { solveLedResistor } from './led-resistor';

describe(solveLedResistor.name, () => {
  it('should give 150 ohm exact, E12 and E24 for a 2 V LED at 20 mA on 5 V', () => {
    expect(solveLedResistor({ supplyVoltage: 5, ledVoltage: 2, ledCurrent: 0.02 })).toEqual({
      resistance: 150,
      e12: 150,
      e24: 150,
      power: expect.closeTo(0.06, 12) as number,
      powerRating: 0.125,
    });
  });

  it('should round up to the next preferred value, never down', () => {
    // 12 V, 2.1 V blue-ish LED at 20 mA: 495 ohm exact.
    const r = solveLedResistor({ supplyVoltage: 12, ledVoltage: 2.1, ledCurrent: 0.02 });
    expect(r.resistance).toBeCloseTo(495, 9);
    expect(r.e12).toBe(560);
    expect(r.e24).toBe(510);
    expect(r.powerRating).toBe(0.25); // 0.198 W
  });

  it('should pick the next wattage up and null above 5 W', () => {
    expect(
      solveLedResistor({ supplyVoltage: 24, ledVoltage: 3, ledCurrent: 0.1 }).powerRating,
    ).toBe(5); // 2.1 W
    expect(
      solveLedResistor({ supplyVoltage: 100, ledVoltage: 3, ledCurrent: 0.1 }).powerRating,
    ).toBeNull(); // 9.7 W
  });
});

describe(preferredAtOrAbove.name, () => {
  it('should cross decades and keep exact values exact', () => {
    expect(preferredAtOrAbove(8.3, E12)).toBe(10);
    expect(preferredAtOrAbove(470, E12)).toBe(470);
    expect(preferredAtOrAbove(4701, E12)).toBe(5600);
    expect(preferredAtOrAbove(0.0049, E24)).toBe(0.0051);
    expect(preferredAtOrAbove(149.99999999999997, E12)).toBe(150);
  });
});
