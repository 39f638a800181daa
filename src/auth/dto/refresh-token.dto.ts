import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class RefreshTokenDto {
  @ApiProperty({ example: '5b0c3a8e-0f0e-4d4a-9f43-2a7f0c1d2e3f.q3F1bW...' })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  refreshToken!: string;
}
