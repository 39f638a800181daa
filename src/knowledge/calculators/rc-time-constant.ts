export interface RcTimeConstantInput {
  /** ohm */
  resistance: number;
  /** F */
  capacitance: number;
}

export interface RcTimeConstantResult {
  /** s, τ = R·C */
  tau: number;
  /** s, to 1 − 1/e ≈ 63.2 % of the final voltage (one τ) */
  timeTo63Percent: number;
  /** s, to ≈ 99.3 % (five τ, the usual "fully charged") */
  timeTo99Percent: number;
}

export function solveRcTimeConstant({
  resistance,
  capacitance,
}: RcTimeConstantInput): RcTimeConstantResult {
  const tau = resistance * capacitance;
  return { tau, timeTo63Percent: tau, timeTo99Percent: 5 * tau };
}
