import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Equals, IsOptional, IsString, MaxLength } from 'class-validator';
import { LoginDto } from './login.dto';

/** RFC 6749 §4.3 resource-owner password grant, as Swagger UI's Authorize dialog sends it. */
export class OAuthTokenDto extends LoginDto {
  @ApiProperty({ example: 'password', enum: ['password'] })
  @Equals('password', { message: 'grant_type must be "password"' })
  grant_type!: 'password';

  @ApiPropertyOptional({ description: 'Ignored: a role fixes the scopes', example: '' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  scope?: string;

  @ApiPropertyOptional({
    description: 'Ignored; accepted because OAuth2 clients send it',
    example: '',
  })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  client_id?: string;

  @ApiPropertyOptional({
    description: 'Ignored; accepted because OAuth2 clients send it',
    example: '',
  })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  client_secret?: string;
}

export class OAuthTokenResponseDto {
  @ApiProperty({ example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9...' })
  access_token!: string;

  @ApiProperty({ example: 'bearer' })
  token_type!: 'bearer';

  @ApiProperty({ example: 1800 })
  expires_in!: number;

  @ApiProperty({ example: '5b0c3a8e-0f0e-4d4a-9f43-2a7f0c1d2e3f.q3F1bW...' })
  refresh_token!: string;

  @ApiProperty({ example: 'rover:view rover:control arduino:upload' })
  scope!: string;
}
