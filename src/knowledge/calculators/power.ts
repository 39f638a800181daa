import { type OhmsLawGiven, solveOhmsLaw } from './ohms-law';

export interface PowerResult {
  /** W */
  power: number;
  /** V */
  voltage: number;
  /** A */
  current: number;
  /** ohm */
  resistance: number;
}

/** P = V·I = I²·R = V²/R, from any two of V, I and R (the rest comes along for free). */
export function solvePower(given: OhmsLawGiven): PowerResult {
  const { power, voltage, current, resistance } = solveOhmsLaw(given);
  return { power, voltage, current, resistance };
}
