import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

/**
 * What each group of variables is a mixin over, so that one class can carry every group's fields
 * and decorators (class-validator and class-transformer read them up the prototype chain).
 * TypeScript accepts a mixin's base only with exactly this constructor signature (TS2545).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type EnvBase = new (...args: any[]) => object;

export const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
export const toBool = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off', ''].includes(v)) return false;
  return value;
};
export const emptyToUndefined = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

/**
 * An integer variable within [min, max]: `@Transform(toInt) @IsInt() @Min(min) @Max(max)`, applied
 * bottom first as TypeScript applies such a stack, since that order is the order an error lists the
 * constraints in.
 */
export function EnvInt(min: number, max: number): PropertyDecorator {
  const bottomUp: PropertyDecorator[] = [Max(max), Min(min), IsInt(), Transform(toInt)];
  return (target, propertyKey) => {
    for (const decorate of bottomUp) decorate(target, propertyKey);
  };
}
