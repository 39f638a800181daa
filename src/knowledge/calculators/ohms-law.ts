/** Exactly two of the three quantities; the solver derives the third. */
export type OhmsLawGiven =
  | { voltage: number; current: number; resistance?: undefined }
  | { voltage: number; resistance: number; current?: undefined }
  | { current: number; resistance: number; voltage?: undefined };

export interface OhmsLawResult {
  /** V */
  voltage: number;
  /** A */
  current: number;
  /** ohm */
  resistance: number;
  /** W */
  power: number;
}

/** V = I·R and P = V·I, from any two of V, I and R. */
export function solveOhmsLaw(given: OhmsLawGiven): OhmsLawResult {
  if (given.resistance === undefined) {
    const { voltage, current } = given;
    return { voltage, current, resistance: voltage / current, power: voltage * current };
  }
  if (given.current === undefined) {
    const { voltage, resistance } = given;
    const current = voltage / resistance;
    return { voltage, current, resistance, power: voltage * current };
  }
  const { current, resistance } = given;
  const voltage = current * resistance;
  return { voltage, current, resistance, power: voltage * current };
}
