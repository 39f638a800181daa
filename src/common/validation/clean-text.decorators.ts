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
export function IsCleanName(options: { maxLength: number; each?: boolean }): PropertyDecorator {
  const each = options.each === true;
  const normalize = (value: unknown) => (typeof value === 'string' ? normalizeName(value) : value);
  return applyDecorators(
    Transform(({ value }: { value: unknown }) =>
      each && Array.isArray(value) ? value.map(normalize) : normalize(value),
    ),
    IsString({ each }),
    MinLength(1, { each, message: '$property must not be empty or only spaces' }),
    MaxLength(options.maxLength, { each }),
    ValidateBy(
      {
        name: 'isCleanName',
        validator: {
          validate: (value: unknown) =>
            typeof value !== 'string' || nameProblem(value) === undefined,
          defaultMessage: (args) => `${args?.property} ${nameProblem(String(args?.value))}`,
        },
      },
      { each },
    ),
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

// C0 controls other than tab, line feed and carriage return, DEL and the C1 controls: matching
// control characters is the point of this expression.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u;

/**
 * Multi-line free text (a document body): well formed and without control characters other than
 * tab and line breaks, which no editor produces and which the search snippets use as markers.
 */
export function IsPlainText(): PropertyDecorator {
  return applyDecorators(
    IsWellFormedText(),
    ValidateBy({
      name: 'isPlainText',
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || !CONTROL.test(value),
        defaultMessage: (args) =>
          `${args?.property} must not contain control characters other than tabs and line breaks`,
      },
    }),
  );
}
