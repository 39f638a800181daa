import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { ROLES, type Role } from '../../common/access/roles-and-scopes';
import { IsOptionalNotNull } from '../../common/validation/optional.decorators';

/** What an admin may change on another account. Usernames are permanent. */
export class UpdateUserDto {
  @ApiPropertyOptional({ enum: ROLES, example: 'viewer' })
  @IsOptionalNotNull()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ example: 'a-new-long-password', minLength: 12, maxLength: 128 })
  @IsOptionalNotNull()
  @IsString()
  @MinLength(12)
  @MaxLength(128)
  password?: string;
}
