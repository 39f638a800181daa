import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsString, MaxLength, MinLength, ValidateBy } from 'class-validator';
import { loneSurrogateProblem, nameProblem, normalizeName } from './clean-text';

/**
 * A name as the catalogues store it: the value is trimmed and put in NFC before it is validated, so
 * the bounds apply to what is stored; control, zero-width and bidi characters and unpaired
 * surrogates are refused with a message naming the character. Put it on the create DTO: the
 * PartialType of a PATCH DTO inherits both the transform and the checks.
 */
export function IsCleanName(options: { maxLength: number }): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' ? normalizeName(value) : value,
    ),
    IsString(),
    MinLength(1, { message: '$property must not be empty or only spaces' }),
    MaxLength(options.maxLength),
    ValidateBy({
      name: 'isCleanName',
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || nameProblem(value) === undefined,
        defaultMessage: (args) => `${args?.property} ${nameProblem(String(args?.value))}`,
      },
    }),
  );
}

/** Free text that must survive storage unchanged: an unpaired surrogate would come back as U+FFFD. */
export function IsWellFormedText(): PropertyDecorator {
  return ValidateBy({
    name: 'isWellFormedText',
    validator: {
      validate: (value: unknown) =>
        typeof value !== 'string' || loneSurrogateProblem(value) === undefined,
      defaultMessage: (args) => `${args?.property} ${loneSurrogateProblem(String(args?.value))}`,
    },
  });
}
