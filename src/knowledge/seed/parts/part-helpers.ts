import type { PartSeed, PinSeed } from '../seed-types';

/** Shorthands for the catalogue files beside this one. */

type PinPair = readonly [pin: string, fn: string];

export const pins = (...pairs: PinPair[]): PinSeed[] =>
  pairs.map(([pin, fn]) => ({ pin, function: fn }));

/** A 1/4 W carbon-film resistor; `maxCurrent` and `maxVoltage` follow from P = I²R = V²/R. */
export function resistor(
  label: string,
  ohms: string,
  bands: string,
  maxCurrent: string,
  maxVoltage: string,
  uses: string,
): PartSeed {
  return {
    name: `Resistor ${label} 1/4 W`,
    category: 'passive',
    manufacturer: null,
    description: `${label} (${ohms}) through-hole carbon-film resistor, 1/4 W, ±5%, colour bands ${bands}. ${uses}`,
    voltageMin: null,
    voltageMax: null,
    currentMax: null,
    interface: null,
    pinout: pins(['1', 'Either end (not polarised)'], ['2', 'Either end (not polarised)']),
    specs: {
      resistance: ohms,
      tolerance: '±5% (gold band)',
      'power rating': '0.25 W',
      'current at full rating': maxCurrent,
      'voltage across it at full rating': maxVoltage,
      'colour code': bands,
    },
    datasheetUrl: null,
  };
}
