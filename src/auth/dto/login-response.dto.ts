import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role, SCOPES, type Scope } from '../../common/access/roles-and-scopes';

export class SessionUserDto {
  @ApiProperty({ format: 'uuid', example: '3f0e9a52-1c1b-4c55-8a4a-3b8f2f7c9d10' })
  id!: string;

  @ApiProperty({ example: 'admin' })
  username!: string;

  @ApiProperty({ enum: ROLES, example: 'admin' })
  role!: Role;

  @ApiProperty({
    enum: SCOPES,
    isArray: true,
    example: ['rover:view', 'rover:control', 'arduino:upload', 'system:admin'],
  })
  scopes!: Scope[];
}

export class LoginResponseDto {
  @ApiProperty({ example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9...' })
  accessToken!: string;

  @ApiProperty({ example: 'Bearer' })
  tokenType!: 'Bearer';

  @ApiProperty({ description: 'Access token lifetime in seconds', example: 1800 })
  expiresIn!: number;

  @ApiProperty({ example: '5b0c3a8e-0f0e-4d4a-9f43-2a7f0c1d2e3f.q3F1bW...' })
  refreshToken!: string;

  @ApiProperty({ type: SessionUserDto })
  user!: SessionUserDto;
}
