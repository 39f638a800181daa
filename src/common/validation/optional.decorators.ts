import { ValidateIf } from 'class-validator';

/**
 * Like @IsOptional, but only an absent field is optional: an explicit `null` is still validated
 * (and refused by the type check), so a PATCH cannot null a required column.
 */
export function IsOptionalNotNull(): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined);
}
