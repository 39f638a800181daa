import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

/** New passwords: long enough to resist guessing; capped so that hashing stays cheap to refuse. */
export function IsNewPassword(): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ example: 'correct-horse-battery-staple', minLength: 12, maxLength: 128 }),
    IsString(),
    MinLength(12),
    MaxLength(128),
  );
}
