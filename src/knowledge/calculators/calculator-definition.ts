import type { FieldError } from '../../common/errors/app-error';

export interface CalculatorInputSpec<K extends string = string> {
  name: K;
  unit: string;
  description: string;
  required: boolean;
  /** The value must be strictly greater than this. */
  exclusiveMinimum: number;
  /** The value must be at most this. */
  maximum: number;
  /** Used when an optional input is absent. */
  default?: number;
}

export interface CalculatorOutputSpec {
  name: string;
  unit: string;
  description: string;
}

export type CalculatorValues<K extends string> = Partial<Record<K, number>>;

/** One calculator: what the list route shows and what the validator checks, from one place. */
export interface CalculatorDefinition<K extends string = string> {
  name: string;
  title: string;
  description: string;
  inputs: readonly CalculatorInputSpec<K>[];
  /** When set, exactly two of these inputs must be given (the third is derived). */
  exactlyTwoOf?: readonly K[];
  outputs: readonly CalculatorOutputSpec[];
  /** Rules across inputs, checked once each input is valid on its own. */
  crossCheck?: (values: CalculatorValues<K>) => FieldError[];
  /** Gets values that passed validation; returns one entry per output. */
  compute: (values: CalculatorValues<K>) => Record<string, number | string | null>;
}

export const defineCalculator = <K extends string>(
  definition: CalculatorDefinition<K>,
): CalculatorDefinition => definition;

/** For inputs the validator has already made sure are present. */
export function given(value: number | undefined): number {
  if (value === undefined) throw new Error('calculator input missing after validation');
  return value;
}
