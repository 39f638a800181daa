import { type ArgumentMetadata, ValidationPipe, type ValidationError } from '@nestjs/common';

/** Nest's param type for a socket event's payload (`WsParamtype.PAYLOAD`, not exported by name). */
const WS_PAYLOAD = 3;
import { AppError, type FieldError } from '../errors/app-error';

/** Flattens class-validator's tree into `{ field: "waypoints.3.x", messages }` rows. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const rows: FieldError[] = [];
  for (const error of errors) {
    const field = parent ? `${parent}.${error.property}` : error.property;
    if (error.constraints) {
      rows.push({ field: field || 'body', messages: Object.values(error.constraints) });
    }
    if (error.children?.length) rows.push(...flattenValidationErrors(error.children, field));
  }
  return rows;
}

/**
 * A DTO body must be a JSON object: an array or a bare value would otherwise be validated field by
 * field and answered with a list of every missing property instead of the one real mistake.
 */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

class StrictValidationPipe extends ValidationPipe {
  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // A socket event's payload is a body too; Nest tags it with its own numeric param type.
    const isBody = metadata.type === 'body' || (metadata.type as unknown) === WS_PAYLOAD;
    const isDtoBody =
      isBody && typeof metadata.metatype === 'function' && metadata.metatype !== Object;
    if (isDtoBody && (value === null || typeof value !== 'object' || Array.isArray(value))) {
      throw new AppError('validation_failed', 'Request body must be a JSON object');
    }
    if (value !== null && typeof value === 'object') {
      // class-transformer would assign these through the prototype setter, so the unknown-field
      // check would never see them; refuse them by name instead.
      const forbidden = Object.keys(value).find((key) => FORBIDDEN_KEYS.has(key));
      if (forbidden) throw AppError.validation(forbidden, `property ${forbidden} is not allowed`);
    }
    return super.transform(value, metadata) as Promise<unknown>;
  }
}

/**
 * The one strict pipe: unknown fields are refused rather than silently dropped, and nothing is
 * coerced implicitly ("1" is not a number); query DTOs convert their fields explicitly.
 */
export function createValidationPipe(): ValidationPipe {
  return new StrictValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    stopAtFirstError: false,
    exceptionFactory: (errors) =>
      new AppError('validation_failed', 'Validation failed', flattenValidationErrors(errors)),
  });
}
