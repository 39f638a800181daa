import { E12, E24, preferredAtOrAbove } from './e-series';

/** Common through-hole resistor ratings, W. */
export const STANDARD_WATTAGES = [0.125, 0.25, 0.5, 1, 2, 5] as const;

export interface LedResistorInput {
  /** V */
  supplyVoltage: number;
  /** V, the LED's forward voltage (below supplyVoltage) */
  ledVoltage: number;
  /** A */
  ledCurrent: number;
}

export interface LedResistorResult {
  /** ohm, (Vs − Vf) / I */
  resistance: number;
  /** ohm, the nearest E12 value at or above the exact one */
  e12: number;
  /** ohm, the nearest E24 value at or above the exact one */
  e24: number;
  /** W dissipated in the resistor at the exact resistance */
  power: number;
  /** W, the smallest standard rating at or above `power`; null above 5 W */
  powerRating: number | null;
}

/**
 * Series resistor for an LED. A preferred value at or above the exact one keeps the current at or
 * below the one asked for, so the LED is never overdriven by rounding.
 */
export function solveLedResistor({
  supplyVoltage,
  ledVoltage,
  ledCurrent,
}: LedResistorInput): LedResistorResult {
  const drop = supplyVoltage - ledVoltage;
  const resistance = drop / ledCurrent;
  const power = drop * ledCurrent;
  return {
    resistance,
    e12: preferredAtOrAbove(resistance, E12),
    e24: preferredAtOrAbove(resistance, E24),
    power,
    powerRating: STANDARD_WATTAGES.find((w) => w >= power) ?? null,
  };
}
