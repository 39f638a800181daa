import type { CalculatorDefinition } from './calculator-definition';
import type { CalculatorDescriptionDto } from './dto/calculator-description.dto';
import type { CalculatorResultDto } from './dto/calculator-result.dto';

export function toCalculatorDescription(def: CalculatorDefinition): CalculatorDescriptionDto {
  return {
    name: def.name,
    title: def.title,
    description: def.description,
    inputs: def.inputs.map((i) => ({
      name: i.name,
      unit: i.unit,
      description: i.description,
      required: i.required && !def.exactlyTwoOf?.includes(i.name),
      exclusiveMinimum: i.exclusiveMinimum,
      maximum: i.maximum,
      ...(i.default === undefined ? {} : { default: i.default }),
    })),
    ...(def.exactlyTwoOf ? { exactlyTwoOf: [...def.exactlyTwoOf] } : {}),
    outputs: def.outputs.map((o) => ({ name: o.name, unit: o.unit, description: o.description })),
  };
}

export function toCalculatorResult(
  def: CalculatorDefinition,
  result: Record<string, number | string | null>,
): CalculatorResultDto {
  return {
    calculator: def.name,
    result,
    units: Object.fromEntries(def.outputs.map((o) => [o.name, o.unit])),
  };
}
