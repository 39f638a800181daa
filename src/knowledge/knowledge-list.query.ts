import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, Matches, MaxLength } from 'class-validator';
import { PaginationQueryDto } from '../common/pagination/pagination.dto';
import { IsOptionalNotNull } from '../common/validation/optional.decorators';
import {
  DOCUMENT_CATEGORIES,
  type DocumentCategory,
  PART_CATEGORIES,
  type PartCategory,
} from './seed/seed-types';

/** `?page&limit&search&sort`, shared by the parts and documents lists; sort is an allowlist, never SQL. */
abstract class KnowledgeListQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({
    description:
      'Case-insensitive substring of the name (title) or description; literal, no syntax',
    example: 'sr04',
    maxLength: 100,
  })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(100)
  search?: string;

  @ApiPropertyOptional({
    description: 'Field to sort by; a leading "-" sorts descending',
    enum: ['name', '-name', 'createdAt', '-createdAt', 'updatedAt', '-updatedAt'],
    default: 'name',
  })
  @IsOptionalNotNull()
  @Matches(/^-?(name|createdAt|updatedAt)$/, {
    message: 'sort must be one of name, createdAt, updatedAt, optionally prefixed with "-"',
  })
  sort?: string;
}

export class PartListQueryDto extends KnowledgeListQueryDto {
  @ApiPropertyOptional({ enum: PART_CATEGORIES, example: 'sensor' })
  @IsOptionalNotNull()
  @IsIn(PART_CATEGORIES, { message: `category must be one of ${PART_CATEGORIES.join(', ')}` })
  category?: PartCategory;
}

export class DocumentListQueryDto extends KnowledgeListQueryDto {
  @ApiPropertyOptional({ enum: DOCUMENT_CATEGORIES, example: 'wiring-guide' })
  @IsOptionalNotNull()
  @IsIn(DOCUMENT_CATEGORIES, {
    message: `category must be one of ${DOCUMENT_CATEGORIES.join(', ')}`,
  })
  category?: DocumentCategory;
}
