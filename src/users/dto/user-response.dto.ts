import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role, SCOPES, type Scope } from '../../common/access/roles-and-scopes';
import { PageMetaDto } from '../../common/pagination/pagination.dto';

export class UserResponseDto {
  @ApiProperty({ format: 'uuid', example: '3f0e9a52-1c1b-4c55-8a4a-3b8f2f7c9d10' })
  id!: string;

  @ApiProperty({ example: 'operator1' })
  username!: string;

  @ApiProperty({ enum: ROLES, example: 'operator' })
  role!: Role;

  @ApiProperty({
    enum: SCOPES,
    isArray: true,
    example: ['rover:view', 'rover:control', 'arduino:upload'],
  })
  scopes!: Scope[];

  @ApiProperty({ example: '2026-11-25T10:30:00.000Z' })
  createdAt!: string;

  @ApiProperty({ example: '2026-11-25T10:30:00.000Z' })
  updatedAt!: string;
}

export class UserPageDto extends PageMetaDto {
  @ApiProperty({ type: [UserResponseDto] })
  items!: UserResponseDto[];
}
