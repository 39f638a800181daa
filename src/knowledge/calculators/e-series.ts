/** IEC 60063 preferred numbers for one decade. */
export const E12 = [1.0, 1.2, 1.5, 1.8, 2.2, 2.7, 3.3, 3.9, 4.7, 5.6, 6.8, 8.2] as const;
export const E24 = [
  1.0, 1.1, 1.2, 1.3, 1.5, 1.6, 1.8, 2.0, 2.2, 2.4, 2.7, 3.0, 3.3, 3.6, 3.9, 4.3, 4.7, 5.1, 5.6,
  6.2, 6.8, 7.5, 8.2, 9.1,
] as const;

// Division leaves values such as 149.99999999999997 for an exact 150; without the tolerance that
// would round up to the next preferred value.
const RELATIVE_TOLERANCE = 1e-9;

/** The smallest preferred value at or above `value` (value > 0). */
export function preferredAtOrAbove(value: number, series: readonly number[]): number {
  let decade = 10 ** Math.floor(Math.log10(value));
  for (;;) {
    for (const mantissa of series) {
      // Rounding keeps 4.7 × 100 at 470 rather than 470.00000000000006.
      const candidate = Number((mantissa * decade).toPrecision(12));
      if (candidate >= value * (1 - RELATIVE_TOLERANCE)) return candidate;
    }
    decade *= 10;
  }
}
