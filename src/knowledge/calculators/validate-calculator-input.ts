import { AppError, type FieldError } from '../../common/errors/app-error';
import type { CalculatorDefinition, CalculatorValues } from './calculator-definition';

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

function checkValue(
  spec: CalculatorDefinition['inputs'][number],
  value: unknown,
): string | undefined {
  // JSON has no NaN or Infinity literals: "NaN" arrives as a string, 1e309 parses to Infinity.
  if (typeof value !== 'number') return `${spec.name} must be a number`;
  if (!Number.isFinite(value)) return `${spec.name} must be a finite number`;
  if (value <= spec.exclusiveMinimum) {
    return `${spec.name} must be greater than ${spec.exclusiveMinimum}`;
  }
  if (value > spec.maximum) return `${spec.name} must not be greater than ${spec.maximum}`;
  return undefined;
}

/**
 * Checks a request body against a calculator's registry entry and returns its numeric inputs.
 * Every problem is reported at once, each under the name of the input it concerns.
 */
export function validateCalculatorInput(
  definition: CalculatorDefinition,
  body: unknown,
): CalculatorValues<string> {
  if (!isPlainObject(body)) {
    throw new AppError('validation_failed', 'Request body must be a JSON object');
  }
  const known = new Set(definition.inputs.map((i) => i.name));
  const group = new Set(definition.exactlyTwoOf ?? []);
  const byField = new Map<string, string[]>();
  const fail = (field: string, message: string): void => {
    byField.set(field, [...(byField.get(field) ?? []), message]);
  };
  for (const key of Object.keys(body)) {
    if (!known.has(key)) fail(key, `property ${key} should not exist`);
  }

  const values: CalculatorValues<string> = {};
  for (const spec of definition.inputs) {
    const value = body[spec.name];
    if (value === undefined) {
      if (spec.required && !group.has(spec.name)) {
        fail(spec.name, `${spec.name} is required`);
      } else if (spec.default !== undefined) {
        values[spec.name] = spec.default;
      }
      continue;
    }
    const problem = checkValue(spec, value);
    if (problem) fail(spec.name, problem);
    else values[spec.name] = value as number;
  }

  if (definition.exactlyTwoOf) {
    const names = definition.exactlyTwoOf;
    const present = names.filter((name) => body[name] !== undefined);
    if (present.length !== 2) {
      const message = `give exactly two of ${names.join(', ')} (got ${present.length})`;
      // Too many: each given one is a candidate to drop. Too few: name the ones still needed.
      const blamed = present.length > 2 ? present : names.filter((n) => !present.includes(n));
      for (const field of blamed) fail(field, message);
    }
  }

  const errors: FieldError[] = [...byField].map(([field, messages]) => ({ field, messages }));
  if (errors.length === 0 && definition.crossCheck) errors.push(...definition.crossCheck(values));
  if (errors.length > 0) throw new AppError('validation_failed', 'Validation failed', errors);
  return values;
}
