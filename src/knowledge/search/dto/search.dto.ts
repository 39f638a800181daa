import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { PaginationQueryDto } from '../../../common/pagination/pagination.dto';
import { IsOptionalNotNull } from '../../../common/validation/optional.decorators';
import type { KnowledgeKind } from '../knowledge-search-index';

export const SEARCH_QUERY_MAX_LENGTH = 200;

export class SearchQueryDto extends PaginationQueryDto {
  @ApiProperty({
    description:
      'Words to find, all of them, in names, descriptions, pins, specs and document text. ' +
      'Nothing is syntax: quotes, *, -, OR, NEAR and parentheses are plain characters.',
    example: 'ultrasonic 5V',
    minLength: 1,
    maxLength: SEARCH_QUERY_MAX_LENGTH,
  })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString({ message: 'q must be a single string' })
  @MinLength(1, { message: 'q must not be empty' })
  @MaxLength(SEARCH_QUERY_MAX_LENGTH)
  q!: string;

  @ApiPropertyOptional({ enum: ['part', 'document'] })
  @IsOptionalNotNull()
  @IsIn(['part', 'document'], { message: 'kind must be part or document' })
  kind?: KnowledgeKind;
}

export class SearchHitDto {
  @ApiProperty({ enum: ['part', 'document'] })
  kind!: KnowledgeKind;
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ example: 'HC-SR04' })
  title!: string;
  @ApiProperty({
    description: 'HTML-escaped excerpt with the matched words in <mark>; safe to insert as HTML',
    example: '<mark>Ultrasonic</mark> distance sensor, 2-400 cm, <mark>5V</mark>',
  })
  snippet!: string;
  @ApiProperty({
    description: 'Relevance, higher is better; comparable within one answer only',
    example: 7.57,
  })
  score!: number;
}

export class SearchResultDto {
  @ApiProperty({ type: [SearchHitDto], description: 'Best first; an exact name match leads' })
  items!: SearchHitDto[];
  @ApiProperty({ example: 3 })
  total!: number;
  @ApiProperty({ example: 1 })
  page!: number;
  @ApiProperty({ example: 50 })
  limit!: number;
}
