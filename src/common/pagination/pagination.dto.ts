import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { IsOptionalNotNull } from '../validation/optional.decorators';
import { QueryInt } from '../validation/query-transforms';

export const MAX_PAGE_LIMIT = 100;

export class PaginationQueryDto {
  @ApiPropertyOptional({ minimum: 1, default: 1, example: 1 })
  @QueryInt()
  @IsOptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  page: number = 1;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_LIMIT, default: 50, example: 50 })
  @QueryInt()
  @IsOptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_LIMIT)
  limit: number = 50;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  limit: number;
}

export function toPage<E, T>(
  rows: E[],
  total: number,
  query: PaginationQueryDto,
  map: (row: E) => T,
): Page<T> {
  return { items: rows.map(map), total, page: query.page, limit: query.limit };
}

/** Swagger needs a concrete class per item type to describe `items`. */
export class PageMetaDto {
  @ApiProperty({ example: 42 })
  total!: number;

  @ApiProperty({ example: 1 })
  page!: number;

  @ApiProperty({ example: 50 })
  limit!: number;
}
