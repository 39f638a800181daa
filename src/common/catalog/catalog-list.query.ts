import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsString, Matches, MaxLength } from 'class-validator';
import { PaginationQueryDto } from '../pagination/pagination.dto';
import { IsOptionalNotNull } from '../validation/optional.decorators';
import { QueryBoolean } from '../validation/query-transforms';

/** `?page&limit&search&sort` of every list of named records; sort is an allowlist, never SQL. */
export class NamedListQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({
    description: 'Case-insensitive match in name or description; literal, no syntax',
    example: 'lidar',
    maxLength: 100,
  })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(100)
  search?: string;

  @ApiPropertyOptional({
    description: 'Field to sort by; a leading "-" sorts descending',
    enum: ['name', '-name', 'createdAt', '-createdAt', 'updatedAt', '-updatedAt'],
    example: '-updatedAt',
  })
  @IsOptionalNotNull()
  @Matches(/^-?(name|createdAt|updatedAt)$/, {
    message: 'sort must be one of name, createdAt, updatedAt, optionally prefixed with "-"',
  })
  sort?: string;
}

/** §2's catalogue lists: `?enabled` too. */
export class CatalogListQueryDto extends NamedListQueryDto {
  @ApiPropertyOptional({ example: true })
  @QueryBoolean()
  @IsOptionalNotNull()
  @IsBoolean({ message: 'enabled must be true or false' })
  enabled?: boolean;
}
