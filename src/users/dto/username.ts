import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';

/** Lower-case, so that "Admin" and "admin" cannot be two accounts. */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9_.-]{2,63}$/;

export function IsUsername(): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ example: 'operator1', pattern: USERNAME_PATTERN.source }),
    IsString(),
    Matches(USERNAME_PATTERN, {
      message: 'username must be 3-64 characters: lower-case letters, digits, "_", "." or "-"',
    }),
  );
}
