import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { PageMetaDto, PaginationQueryDto } from '../../common/pagination/pagination.dto';
import { IsOptionalNotNull } from '../../common/validation/optional.decorators';
import {
  ALERT_KINDS,
  ALERT_SEVERITIES,
  type AlertKind,
  type AlertSeverity,
} from '../entities/alert.entity';

export class ListAlertsQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ enum: ALERT_KINDS, example: 'link_lost' })
  @IsOptionalNotNull()
  @IsIn(ALERT_KINDS)
  kind?: AlertKind;
}

export class AlertDto {
  @ApiProperty({ format: 'uuid', example: '6f1d2c3b-4a59-4e6f-8a7b-9c0d1e2f3a4b' })
  id!: string;

  @ApiProperty({ example: '2026-11-25T10:30:00.000Z' })
  at!: string;

  @ApiProperty({ enum: ALERT_KINDS, example: 'link_lost' })
  kind!: AlertKind;

  @ApiProperty({ enum: ALERT_SEVERITIES, example: 'critical' })
  severity!: AlertSeverity;

  @ApiProperty({ example: 'Rover link down on /dev/ttyUSB0: no frame from the rover' })
  message!: string;

  @ApiProperty({ type: 'object', additionalProperties: true, example: { port: '/dev/ttyUSB0' } })
  details!: Record<string, unknown>;
}

export class AlertPageDto extends PageMetaDto {
  @ApiProperty({ type: [AlertDto] })
  items!: AlertDto[];
}
