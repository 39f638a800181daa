import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { PageMetaDto, PaginationQueryDto } from '../../common/pagination/pagination.dto';
import { IsOptionalNotNull } from '../../common/validation/optional.decorators';
import {
  AUDIT_ACTIONS,
  AUDIT_OUTCOMES,
  type AuditAction,
  type AuditOutcome,
} from '../entities/audit-entry.entity';

export class ListAuditQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ enum: AUDIT_ACTIONS, example: 'emergency_stop' })
  @IsOptionalNotNull()
  @IsIn(AUDIT_ACTIONS)
  action?: AuditAction;
}

export class AuditEntryDto {
  @ApiProperty({ format: 'uuid', example: '1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed' })
  id!: string;

  @ApiProperty({ example: '2026-11-25T10:30:00.000Z' })
  at!: string;

  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    example: '3f0e9a52-1c1b-4c55-8a4a-3b8f2f7c9d10',
  })
  actorId!: string | null;

  @ApiProperty({ example: 'operator1' })
  actor!: string;

  @ApiProperty({ enum: AUDIT_ACTIONS, example: 'emergency_stop' })
  action!: AuditAction;

  @ApiProperty({ enum: AUDIT_OUTCOMES, example: 'ok' })
  outcome!: AuditOutcome;

  @ApiProperty({ type: 'object', additionalProperties: true, example: { confirmed: true } })
  details!: Record<string, unknown>;
}

export class AuditPageDto extends PageMetaDto {
  @ApiProperty({ type: [AuditEntryDto] })
  items!: AuditEntryDto[];
}
