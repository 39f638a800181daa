import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { ROLES, type Role } from '../../common/access/roles-and-scopes';
import { IsNewPassword } from './password';
import { IsUsername } from './username';

export class CreateUserDto {
  @IsUsername()
  username!: string;

  @IsNewPassword()
  password!: string;

  @ApiProperty({ enum: ROLES, example: 'operator' })
  @IsIn(ROLES)
  role!: Role;
}
