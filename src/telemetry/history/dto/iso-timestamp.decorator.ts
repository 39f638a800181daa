import { applyDecorators } from '@nestjs/common';
import { IsISO8601, IsString, Matches } from 'class-validator';

/** A full date and time with an explicit zone (Z or ±hh:mm); milliseconds are the finest unit kept. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * An ISO 8601 instant: a real calendar date (no 30 February) with a time zone, because a time
 * without one would be read in the server's zone.
 */
export function IsIsoInstant(): PropertyDecorator {
  const message = ({ property }: { property: string }): string =>
    `${property} must be an ISO 8601 timestamp with a time zone, e.g. 2026-12-01T10:00:00Z`;
  return applyDecorators(
    IsString({ message }),
    Matches(ISO_INSTANT, { message }),
    IsISO8601({ strict: true, strictSeparator: true }, { message }),
  );
}
