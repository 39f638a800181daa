import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { type ErrorCode } from './error-code';
import { type FieldError } from './app-error';

export class FieldErrorDto implements FieldError {
  @ApiProperty({ example: 'maxSpeed' })
  field!: string;

  @ApiProperty({ example: ['maxSpeed must not be greater than 5'] })
  messages!: string[];
}

/** The one error body every route and every socket error ack shares (API.md §0). */
export class ErrorEnvelopeDto {
  @ApiProperty({ example: 404 })
  statusCode!: number;

  @ApiProperty({ example: 'not_found' })
  error!: ErrorCode;

  @ApiProperty({ example: 'Navigation module not found' })
  message!: string;

  @ApiProperty({ example: '/api/navigation/7f1c3a58-2f3e-4b8e-9d7a-0d6f1b2c3d4e' })
  path!: string;

  @ApiProperty({ example: '2026-11-25T10:30:00.000Z' })
  timestamp!: string;

  @ApiProperty({ example: '0b7d1f0e-6a4e-4c77-9f59-3f0f5f7e2a10' })
  requestId!: string;

  @ApiPropertyOptional({ type: [FieldErrorDto] })
  details?: FieldErrorDto[];
}
