import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsCleanName } from '../validation/clean-text.decorators';

export const CATALOG_NAME_MAX_LENGTH = 100;

/** The `name` of a §2 catalogue record, on the create DTO (the PATCH DTO inherits it). */
export function CatalogName(example: string): PropertyDecorator {
  return applyDecorators(
    ApiProperty({
      description:
        'Stored trimmed and in Unicode NFC; unique ignoring case. Control, zero-width and ' +
        'bidirectional-control characters and unpaired surrogates are refused.',
      example,
      minLength: 1,
      maxLength: CATALOG_NAME_MAX_LENGTH,
    }),
    IsCleanName({ maxLength: CATALOG_NAME_MAX_LENGTH }),
  );
}
