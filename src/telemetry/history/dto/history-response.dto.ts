import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TELEMETRY_FIELDS, type TelemetryField } from '../../telemetry-sample';
import { HISTORY_STRATEGIES, type HistoryStrategy } from './history.query';

export type FieldValuesDto = Partial<Record<TelemetryField, number | null>>;

const VALUES = {
  type: 'object',
  description: 'The requested fields; null where the robot did not report the value',
  additionalProperties: { type: 'number', nullable: true },
} as const;

export class TelemetrySampleDto {
  @ApiProperty({ format: 'uuid', example: '6f1d2c3b-4a59-4e6f-8a7b-9c0d1e2f3a4b' })
  robotId!: string;

  @ApiProperty({ example: '2026-12-01T10:00:00.100Z' })
  at!: string;

  @ApiProperty({ ...VALUES, example: { battery: 87.5, temperature: 31.2 } })
  values!: FieldValuesDto;
}

export class TelemetryBucketDto {
  @ApiProperty({
    description: 'Bucket start, inclusive; it ends where the next one starts',
    example: '2026-12-01T10:00:00.000Z',
  })
  start!: string;

  @ApiProperty({
    description: 'Samples in the bucket (0: no data, min and max are null)',
    example: 72,
  })
  count!: number;

  @ApiProperty({ ...VALUES, example: { battery: 86.9, temperature: 30.8 } })
  min!: FieldValuesDto;

  @ApiProperty({ ...VALUES, example: { battery: 87.5, temperature: 31.4 } })
  max!: FieldValuesDto;
}

export class TelemetryHistoryDto {
  @ApiProperty({ enum: HISTORY_STRATEGIES, example: 'minmax' })
  strategy!: HistoryStrategy;

  @ApiProperty({
    format: 'uuid',
    nullable: true,
    description: 'null for latest over every robot',
    example: '6f1d2c3b-4a59-4e6f-8a7b-9c0d1e2f3a4b',
  })
  robotId!: string | null;

  @ApiProperty({
    nullable: true,
    description: 'null for latest',
    example: '2026-12-01T10:00:00.000Z',
  })
  from!: string | null;

  @ApiProperty({ example: '2026-12-01T11:00:00.000Z' })
  to!: string;

  @ApiProperty({ enum: TELEMETRY_FIELDS, isArray: true, example: ['battery', 'temperature'] })
  fields!: TelemetryField[];

  @ApiPropertyOptional({
    description:
      'raw and latest: true when there were more samples than returned (raw: more than `limit` ' +
      'in the window)',
    example: false,
  })
  truncated?: boolean;

  @ApiPropertyOptional({
    nullable: true,
    description: 'raw: where the next page starts (pass it as `from`), null when nothing is left',
    example: null,
  })
  nextFrom?: string | null;

  @ApiPropertyOptional({
    type: [TelemetryBucketDto],
    description: 'minmax: every bucket of the window, in order (empty ones with count 0)',
  })
  buckets?: TelemetryBucketDto[];

  @ApiPropertyOptional({ type: [TelemetrySampleDto], description: 'raw and latest' })
  samples?: TelemetrySampleDto[];
}
