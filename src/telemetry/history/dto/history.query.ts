import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsUUID,
  Max,
  Min,
} from 'class-validator';
import { IsOptionalNotNull } from '../../../common/validation/optional.decorators';
import { QueryInt } from '../../../common/validation/query-transforms';
import { TELEMETRY_FIELDS, type TelemetryField } from '../../telemetry-sample';
import { IsIsoInstant } from './iso-timestamp.decorator';

export const HISTORY_STRATEGIES = ['raw', 'latest', 'minmax'] as const;
export type HistoryStrategy = (typeof HISTORY_STRATEGIES)[number];

export const MAX_BUCKETS = 10_000;
export const DEFAULT_BUCKETS = 500;
/** The most samples a raw history returns; more in the window sets `truncated` and `nextFrom`. */
export const MAX_RAW_SAMPLES = 10_000;

/** `fields=a,b` or `fields=a&fields=b` as one list; anything else is left for the validators. */
const toList = ({ value }: { value: unknown }): unknown => {
  const parts = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(parts) || !parts.every((part) => typeof part === 'string')) return value;
  return parts.flatMap((part: string) => part.split(',').map((name) => name.trim()));
};

const toLowerCase = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.toLowerCase() : value;

export class TelemetryHistoryQueryDto {
  @ApiPropertyOptional({
    description:
      'Window start, inclusive (ISO 8601 with a time zone). Default: `to` minus one hour. ' +
      'Not with strategy=latest.',
    example: '2026-12-01T10:00:00Z',
  })
  @IsOptionalNotNull()
  @IsIsoInstant()
  from?: string;

  @ApiPropertyOptional({
    description:
      'Window end, exclusive (for latest: the newest sample at or before it). Default: now. ' +
      'The window may cover at most 31 days.',
    example: '2026-12-01T11:00:00Z',
  })
  @IsOptionalNotNull()
  @IsIsoInstant()
  to?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The robot. Default: the rover for raw and minmax, every robot for latest.',
    example: '6f1d2c3b-4a59-4e6f-8a7b-9c0d1e2f3a4b',
  })
  @Transform(toLowerCase)
  @IsOptionalNotNull()
  @IsUUID('4', { message: 'robotId must be a UUID v4' })
  robotId?: string;

  @ApiPropertyOptional({
    type: String,
    description: `Comma-separated fields, each at most once. Default: all of ${TELEMETRY_FIELDS.join(', ')}.`,
    example: 'battery,temperature',
  })
  @Transform(toList)
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(TELEMETRY_FIELDS.length)
  @ArrayUnique({ message: 'fields must not name a field twice' })
  @IsIn(TELEMETRY_FIELDS, {
    each: true,
    message: `each of fields must be one of: ${TELEMETRY_FIELDS.join(', ')}`,
  })
  fields?: TelemetryField[];

  @ApiPropertyOptional({
    enum: HISTORY_STRATEGIES,
    default: 'raw',
    description:
      'raw: the samples of the window, oldest first. latest: the newest sample at or before `to`, ' +
      'per robot. minmax: the window cut into `buckets` equal buckets, with count, min and max.',
  })
  @IsOptionalNotNull()
  @IsIn(HISTORY_STRATEGIES)
  strategy: HistoryStrategy = 'raw';

  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_BUCKETS,
    default: DEFAULT_BUCKETS,
    description: 'minmax only. At most one bucket per millisecond of the window.',
    example: 500,
  })
  @QueryInt()
  @IsOptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(MAX_BUCKETS)
  buckets?: number;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_RAW_SAMPLES,
    default: MAX_RAW_SAMPLES,
    description: 'raw only: the most samples to return.',
    example: 1000,
  })
  @QueryInt()
  @IsOptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(MAX_RAW_SAMPLES)
  limit?: number;
}
