import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsUUID } from 'class-validator';
import { IsOptionalNotNull } from '../../../common/validation/optional.decorators';
import { IsIsoInstant } from '../../history/dto/iso-timestamp.decorator';
import { EXPORT_FORMATS, type ExportFormat } from '../export-formats';

export class ExportTelemetryDto {
  @ApiProperty({
    description: 'Window start, inclusive (ISO 8601 with a time zone)',
    example: '2026-12-01T00:00:00Z',
  })
  @IsIsoInstant()
  from!: string;

  @ApiProperty({
    description: 'Window end, exclusive; the window may cover at most 31 days',
    example: '2026-12-01T12:00:00Z',
  })
  @IsIsoInstant()
  to!: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'One robot; every robot when absent',
    example: '6f1d2c3b-4a59-4e6f-8a7b-9c0d1e2f3a4b',
  })
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.toLowerCase() : value,
  )
  @IsOptionalNotNull()
  @IsUUID('4', { message: 'robotId must be a UUID v4' })
  robotId?: string;

  @ApiProperty({
    enum: EXPORT_FORMATS,
    description:
      'csv: a header row, then robotId, at and every field (text cells that a spreadsheet would ' +
      'run as a formula are prefixed with an apostrophe). json: one array of ' +
      '{ robotId, at, values }. ndjson: one such object per line.',
    example: 'csv',
  })
  @IsIn(EXPORT_FORMATS)
  format!: ExportFormat;
}
