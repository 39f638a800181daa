import { Injectable, type PipeTransform, type ArgumentMetadata } from '@nestjs/common';
import { AppError } from '../errors/app-error';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** Ids are UUID v4 (API.md §0): anything else is a 400 before any lookup. */
@Injectable()
export class ParseUuidPipe implements PipeTransform<unknown, string> {
  transform(value: unknown, metadata: ArgumentMetadata): string {
    if (typeof value !== 'string' || !UUID_V4.test(value)) {
      throw AppError.validation(
        metadata.data ?? 'id',
        `${metadata.data ?? 'id'} must be a UUID v4`,
      );
    }
    return value.toLowerCase();
  }
}
