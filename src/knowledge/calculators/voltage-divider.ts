export interface VoltageDividerInput {
  /** V */
  vin: number;
  /** ohm, the upper resistor (between vin and vout) */
  r1: number;
  /** ohm, the lower resistor (between vout and ground) */
  r2: number;
}

export interface VoltageDividerResult {
  /** V, unloaded */
  vout: number;
  /** A through both resistors */
  current: number;
  /** W dissipated by the pair */
  power: number;
}

/** Vout = Vin·R2/(R1+R2) for an unloaded divider. */
export function solveVoltageDivider({ vin, r1, r2 }: VoltageDividerInput): VoltageDividerResult {
  const current = vin / (r1 + r2);
  return { vout: vin * (r2 / (r1 + r2)), current, power: vin * current };
}
