import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { IsNewPassword } from '../../users/dto/password';

/** Self-service: the only thing a user may change on their own account (not the role). */
export class ChangePasswordDto {
  @ApiProperty({ example: 'the-current-password' })
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  currentPassword!: string;

  @IsNewPassword()
  newPassword!: string;
}
