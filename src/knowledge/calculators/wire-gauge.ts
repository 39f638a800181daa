/** ohm·m, annealed copper at 20 °C. */
export const COPPER_RESISTIVITY = 1.724e-8;

/** 4/0 (0000) is AWG −3, 0 is 0; the thinnest considered is 40. */
const THICKEST_AWG = -3;
const THINNEST_AWG = 40;

export interface WireGaugeInput {
  /** A */
  current: number;
  /** m, one way: the current goes out and back, so the wire is twice this */
  lengthM: number;
  /** V, the supply */
  voltage: number;
  /** %, the largest acceptable drop over the round trip */
  maxDropPercent: number;
}

export interface WireGaugeResult {
  /** AWG number: 0 is 1/0, −1 is 2/0 … −3 is 4/0 */
  awg: number;
  /** as printed on the wire: "18", "1/0", "4/0" */
  awgLabel: string;
  /** mm */
  diameterMm: number;
  /** mm² */
  areaMm2: number;
  /** ohm over the round trip */
  resistance: number;
  /** V */
  voltageDrop: number;
  /** % of `voltage` */
  dropPercent: number;
}

/** ASTM B258: d = 0.127 mm · 92^((36 − n) / 39). */
export const awgDiameterMm = (awg: number): number => 0.127 * 92 ** ((36 - awg) / 39);

export const awgLabel = (awg: number): string => (awg > 0 ? String(awg) : `${1 - awg}/0`);

function wireAt(awg: number, { current, lengthM, voltage }: WireGaugeInput): WireGaugeResult {
  const diameterMm = awgDiameterMm(awg);
  const areaMm2 = (Math.PI * diameterMm ** 2) / 4;
  const resistance = (COPPER_RESISTIVITY * 2 * lengthM) / (areaMm2 * 1e-6);
  const voltageDrop = current * resistance;
  return {
    awg,
    awgLabel: awgLabel(awg),
    diameterMm,
    areaMm2,
    resistance,
    voltageDrop,
    dropPercent: (voltageDrop / voltage) * 100,
  };
}

/**
 * The thinnest copper wire (highest AWG number) whose round-trip drop stays within the limit;
 * undefined when even 4/0 is not enough. Ampacity (heating) is a separate limit this does not check.
 */
export function solveWireGauge(input: WireGaugeInput): WireGaugeResult | undefined {
  for (let awg = THINNEST_AWG; awg >= THICKEST_AWG; awg--) {
    const wire = wireAt(awg, input);
    if (wire.dropPercent <= input.maxDropPercent) return wire;
  }
  return undefined;
}
