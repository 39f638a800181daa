import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsString, Matches, MaxLength } from 'class-validator';
import { PaginationQueryDto } from '../pagination/pagination.dto';
import { IsOptionalNotNull } from '../validation/optional.decorators';
import { QueryBoolean } from '../validation/query-transforms';

/** `?page&limit&enabled&search&sort` for the catalogue lists; sort is an allowlist, never SQL. */
export class CatalogListQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ example: true })
  @QueryBoolean()
  @IsOptionalNotNull()
  @IsBoolean({ message: 'enabled must be true or false' })
  enabled?: boolean;

  @ApiPropertyOptional({
    description: 'Case-insensitive match in name or description',
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
